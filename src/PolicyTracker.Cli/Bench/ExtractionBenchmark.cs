namespace PolicyTracker.Cli;

/// <summary>Placeholder until the extraction engine lands: replaced by the engine's benchmark.</summary>
public static class ExtractionBenchmark
{
    public static int Run(string corpusDirectory, TextWriter output)
    {
        output.WriteLine($"extraction benchmark over {corpusDirectory}: engine not merged yet");
        return 1;
    }
}
