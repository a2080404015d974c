using Convergence.Quality;

if (args.Length == 0 || args[0] is not ("dedup" or "consensus"))
{
    Console.Error.WriteLine("usage: dedup --method exact|lexical|semantic|hybrid|explore|study|tokens --tune TUNE.pairs.tsv --eval EVAL.pairs.tsv [--cache DIR] [--token-cache DIR]");
    Console.Error.WriteLine("       consensus --calibrate CAL.jsonl --eval EVAL.jsonl");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

return args[0] switch
{
    "dedup" => await DedupCommand.RunAsync(options),
    "consensus" => await ConsensusCommand.RunAsync(options),
    _ => 2,
};
