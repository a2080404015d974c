using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Convergence.Tests.Providers.Fakes;

/// <summary>
/// A model server on a free loopback port (127.0.0.1 only) that speaks one wire protocol, serves scripted replies (non-streaming
/// and streaming) and records every request it receives.
/// </summary>
public abstract class FakeModelServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _loop;

    protected FakeModelServer()
    {
        (_listener, BaseUri) = Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Gets the server's address, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Gets the requests received, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Gets or sets the reply served when no scripted reply is queued.</summary>
    public FakeReply? DefaultReply { get; set; }

    /// <summary>Queues replies, served one per chat request in order.</summary>
    public FakeModelServer Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }

        return this;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Gets a value indicating whether the path is this protocol's chat endpoint.</summary>
    protected abstract bool IsChatPath(string path);

    /// <summary>Gets a value indicating whether a request without a <c>stream</c> field streams (Ollama's default is yes).</summary>
    protected virtual bool StreamsByDefault => false;

    protected abstract string ContentType(bool stream);

    /// <summary>Writes a successful reply: one JSON body, or the protocol's streaming chunks.</summary>
    protected abstract IEnumerable<string> Render(RecordedRequest request, FakeReply reply, bool stream);

    protected abstract string RenderError(HttpStatusCode status);

    protected virtual Task<bool> HandleOtherAsync(HttpListenerContext context, RecordedRequest request) => Task.FromResult(false);

    protected static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = (int)status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static (HttpListener Listener, Uri BaseUri) Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();

            var prefix = $"http://127.0.0.1:{port}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return (listener, new Uri(prefix));
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var request = new RecordedRequest(
                context.Request.HttpMethod,
                context.Request.Url!.AbsolutePath,
                context.Request.Url.Query,
                context.Request.Headers,
                body);
            _requests.Enqueue(request);

            if (!IsChatPath(request.Path))
            {
                if (!await HandleOtherAsync(context, request))
                {
                    await WriteAsync(context.Response, HttpStatusCode.NotFound, "application/json", RenderError(HttpStatusCode.NotFound));
                }

                return;
            }

            var reply = _replies.TryDequeue(out var next) ? next : DefaultReply
                ?? throw new InvalidOperationException($"{GetType().Name} has no reply for request {_requests.Count}.");
            if (reply.IsError)
            {
                await WriteAsync(context.Response, reply.Status, "application/json", RenderError(reply.Status));
                return;
            }

            var stream = request.WantsStream(StreamsByDefault);
            await WriteAsync(context.Response, HttpStatusCode.OK, ContentType(stream), string.Concat(Render(request, reply, stream)));
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            try
            {
                context.Response.StatusCode = 500;
                context.Response.Close();
            }
            catch (Exception inner) when (inner is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
    }
}
