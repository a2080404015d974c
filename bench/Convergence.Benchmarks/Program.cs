using BenchmarkDotNet.Running;
using Convergence.Benchmarks;

if (args.Length > 0 && args[0] == "quick")
{
    return await QuickMode.RunAsync(args[1..]);
}

_ = BenchmarkSwitcher.FromAssembly(typeof(QuickMode).Assembly).Run(args);
return 0;
