using Convergence;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers convergence pipelines in an <see cref="IServiceCollection"/>.</summary>
public static class ConvergenceServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="IConvergencePipeline"/>, built from the returned builder when it is first resolved.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="lifetime">The pipeline's lifetime. The default is <see cref="ServiceLifetime.Singleton"/> (a pipeline is safe for concurrent runs).</param>
    /// <returns>The builder, to add participants, a synthesizer and middleware to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static ConvergencePipelineBuilder AddConvergencePipeline(this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new ConvergencePipelineBuilder();
        services.Add(new ServiceDescriptor(typeof(IConvergencePipeline), builder.Build, lifetime));
        return builder;
    }

    /// <summary>Registers a named <see cref="IConvergencePipeline"/> as a keyed service, built from the returned builder when it is first resolved.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The pipeline's key (its name).</param>
    /// <param name="lifetime">The pipeline's lifetime. The default is <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The builder, to add participants, a synthesizer and middleware to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="serviceKey"/> is <see langword="null"/>.</exception>
    public static ConvergencePipelineBuilder AddKeyedConvergencePipeline(
        this IServiceCollection services, object serviceKey, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        var builder = new ConvergencePipelineBuilder();
        services.Add(new ServiceDescriptor(typeof(IConvergencePipeline), serviceKey, (provider, _) => builder.Build(provider), lifetime));
        return builder;
    }
}
