using BenchmarkDotNet.Running;
using Convergence.Benchmarks;

if (args.Length > 0 && args[0] == "quick")
{
    return await QuickMode.RunAsync(args[1..]);
}

if (args.Length == 3 && args[0] == "dedup-one")
{
    return DedupQuick.RunOne(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Length > 0 && args[0] == "components")
{
    return await ComponentsMode.RunAsync();
}

_ = BenchmarkSwitcher.FromAssembly(typeof(QuickMode).Assembly).Run(args);
return 0;
