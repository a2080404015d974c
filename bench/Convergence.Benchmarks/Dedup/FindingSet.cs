using System.Globalization;
using System.Text;

namespace Convergence.Benchmarks.Dedup;

/// <summary>
/// Generated findings with controlled near-duplicates: distinct defects (a kind, a component, a member, a line) each reported by
/// 1 to 8 explorers in their own words (synonyms, word order, dropped or added clauses), spread over 8 providers. Deterministic per seed.
/// </summary>
public sealed class FindingSet
{
    private static readonly string[][] Kinds =
    [
        ["SQL injection", "SQL injection vulnerability", "unsanitised SQL query", "injectable SQL statement"],
        ["cross-site scripting", "XSS", "reflected script injection", "unescaped HTML output"],
        ["race condition", "data race", "unsynchronised concurrent access", "thread-safety bug"],
        ["null dereference", "possible NullReferenceException", "missing null check", "null pointer access"],
        ["resource leak", "undisposed stream", "leaked file handle", "connection not disposed"],
        ["integer overflow", "arithmetic overflow", "unchecked multiplication overflow", "overflowing counter"],
        ["path traversal", "directory traversal", "unvalidated file path", "dot-dot path escape"],
        ["hard-coded secret", "embedded credential", "API key in source", "plain-text password constant"],
        ["deadlock", "lock ordering deadlock", "blocking wait on async code", "sync-over-async deadlock"],
        ["off-by-one error", "fencepost error", "loop bound off by one", "wrong upper bound in loop"],
        ["insecure deserialization", "unsafe type-name handling", "polymorphic deserialization of untrusted data", "BinaryFormatter on input"],
        ["missing authorization", "broken access control", "unchecked permission", "endpoint without authorization"],
    ];

    private static readonly string[] Components =
    [
        "OrderService", "PaymentGateway", "UserRepository", "InvoiceRenderer", "SessionCache", "ReportExporter", "AuthController",
        "InventorySync", "ShippingQuote", "AuditLogger", "TokenIssuer", "CatalogImporter", "MailDispatcher", "PricingEngine",
    ];

    private static readonly string[] Members =
    [
        "ApplyDiscount", "Refund", "FindByEmail", "Render", "GetOrAdd", "ExportCsv", "Login", "Reconcile", "Estimate", "Write",
        "Issue", "Import", "Send", "Calculate", "Validate", "Merge", "Parse", "Upload", "Resolve", "Schedule",
    ];

    /// <summary>Words a defect's description draws on; each defect takes its own handful, so distinct defects share few words.</summary>
    private static readonly string[] Vocabulary =
    [
        .. """
        account address allocation amount archive argument array attachment attribute balance batch binding blob boundary branch buffer
        bucket cache callback cancellation capacity cart certificate channel checksum claim client clock column command comment commit
        config connection constraint consumer context cookie counter coupon credential cursor customer database deadline delegate
        dependency descriptor dictionary digest discount document domain draft encoding endpoint entity envelope event exception
        expiry export factory feature fetch filter folder format fragment gateway generator handle handler hash header heap
        identifier image index inventory invoice iterator job journal key label latency ledger lease limit listener locale lock
        log manifest mapping margin matrix message metadata metric migration mutex namespace node nonce notification offset order
        owner package page parameter parser partition password patch path payload payment permission pipeline pointer policy pool
        port predicate prefix price principal priority process profile promise property protocol provider proxy quantity query
        queue quota range rate receipt record redirect reference refund region registry relation replica report request resource
        response result retry revision role route row rule salt sample schedule schema scope secret segment selector sequence
        serializer session shipment signature slot snapshot socket source span statement status stock storage stream string
        subscription suffix summary supplier table tag target task tax template tenant thread threshold ticket timeout timer
        timestamp token topic trace transaction transfer tree trigger tuple type upload user value variant vendor version
        voucher warehouse webhook window worker workflow
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
    ];

    private static readonly string[] Verbs = ["passes", "forwards", "hands", "sends", "uses", "reads"];

    private FindingSet(Finding[] findings, int[] defectOf, int defects, long bytes)
    {
        Findings = findings;
        DefectOf = defectOf;
        Defects = defects;
        Bytes = bytes;
    }

    public Finding[] Findings { get; }

    /// <summary>Gets the defect each finding describes (the ground truth of the clustering).</summary>
    public int[] DefectOf { get; }

    /// <summary>Gets how many distinct defects the findings describe (the ideal number of clusters).</summary>
    public int Defects { get; }

    /// <summary>Gets the size of the input: the strings' UTF-16 bytes plus object headers, roughly what the caller holds in memory.</summary>
    public long Bytes { get; }

    public IReadOnlyList<Candidate> Candidates() => [.. Findings.Select(Candidate.FromFinding)];

    public static IReadOnlyList<ParticipantIdentity> Panel { get; } =
        [.. Enumerable.Range(0, 8).Select(static i => new ParticipantIdentity($"explorer{i}", $"provider{i}", $"model{i}"))];

    public static FindingSet Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var findings = new Finding[count];
        var defectOf = new int[count];
        var explorerOf = new int[count];
        var n = 0;
        var defect = 0;
        long bytes = 0;
        while (n < count)
        {
            // Cluster sizes 1..8, skewed small, as in real panels: most defects are seen by one to three explorers.
            var size = Math.Min(count - n, 1 + (int)Math.Floor(Math.Pow(random.NextDouble(), 2.2) * 8));
            var kind = random.Next(Kinds.Length);
            var component = Components[random.Next(Components.Length)];
            var member = Members[random.Next(Members.Length)];
            var line = random.Next(20, 4000);
            var field = string.Create(CultureInfo.InvariantCulture, $"{(char)('a' + random.Next(26))}{(char)('a' + random.Next(26))}{random.Next(10, 99)}");
            var context = Enumerable.Range(0, 10).Select(_ => Pick(random, Vocabulary)).Distinct().ToArray();
            var explorers = Enumerable.Range(0, 8).OrderBy(_ => random.Next()).Take(size).ToArray();
            foreach (var explorer in explorers)
            {
                var title = Title(random, kind, component, member);
                var detail = Detail(random, kind, component, member, line, field, context);
                findings[n] = new Finding
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"explorer{explorer}#{n}"),
                    Title = title,
                    Detail = detail,
                    Confidence = Math.Round(0.5 + (random.NextDouble() / 2), 2),
                    Source = Panel[explorer],
                };
                defectOf[n] = defect;
                explorerOf[n] = explorer;
                bytes += 3 * 24 + (2L * (title.Length + detail.Length + findings[n].Id.Length)) + 56 + 48;
                n++;
            }

            defect++;
        }

        // In the order a run hands them to synthesis: explorer by explorer, each explorer's findings in the order it reported
        // them, so the reports of one defect are spread across the input rather than side by side.
        var order = Enumerable.Range(0, count).OrderBy(i => explorerOf[i]).ToArray();
        return new FindingSet([.. order.Select(i => findings[i])], [.. order.Select(i => defectOf[i])], defect, bytes);
    }

    private static string Title(Random random, int kind, string component, string member) => random.Next(3) switch
    {
        0 => $"{Pick(random, Kinds[kind])} in {component}.{member}",
        1 => $"{component}.{member}: {Pick(random, Kinds[kind])}",
        _ => $"{Capitalize(Pick(random, Kinds[kind]))} ({component})",
    };

    private static string Detail(Random random, int kind, string component, string member, int line, string field, string[] context)
    {
        // Each explorer keeps most of the defect's context words, in its own order, and may add a word of its own.
        var words = context.Where(_ => random.NextDouble() < 0.85).ToList();
        if (random.Next(3) == 0)
        {
            words.Add(Pick(random, Vocabulary));
        }

        var shuffled = words.OrderBy(_ => random.Next()).ToArray();
        var b = new StringBuilder(200);
        _ = b.Append(component).Append('.').Append(member).Append(' ').Append(Pick(random, Verbs)).Append(" '").Append(field)
            .Append("' at line ").Append(line).Append(": ").Append(Pick(random, Kinds[kind])).Append(". It involves ")
            .AppendJoin(' ', shuffled).Append('.');
        return b.ToString();
    }

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];

    private static string Capitalize(string s) => string.Concat(char.ToUpperInvariant(s[0]).ToString(), s.AsSpan(1));
}
