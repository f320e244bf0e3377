using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using PolicyTracker.Extraction;
using PolicyTracker.Extraction.Input;

namespace PolicyTracker.Cli;

/// <summary>
/// `policytracker bench extraction [DIR]`: extraction throughput over a whole corpus in one run, against a
/// baseline of two compiled regex passes over the same decoded text (the least any extractor has to do).
/// The goal is extraction within <see cref="GoalRatio"/>× the baseline's time. Exit code 0 when met.
/// </summary>
public static class ExtractionBenchmark
{
    public const double GoalRatio = 10;

    private static readonly string[] Extensions = [".txt", ".docx", ".pdf"];
    private static readonly TimeSpan MinimumMeasuredTime = TimeSpan.FromSeconds(1);
    private const int MaxRounds = 50;

    /// <summary>Baseline passes: a document-number shape and a responsibility-label shape.</summary>
    private static readonly Regex DocNumberPattern = new(@"\p{IsCJKUnifiedIdeographs}{1,8}\s*[〔\[(（]\s*\d{4}\s*[〕\])）]\s*\d{1,4}\s*号", RegexOptions.Compiled);
    private static readonly Regex MarkerPattern = new(@"(牵头|配合|责任|参与|协同)\s*(单位|部门)\s*[:：]", RegexOptions.Compiled);

    public static int Run(string corpusDirectory, TextWriter output)
    {
        if (!Directory.Exists(corpusDirectory))
        {
            output.WriteLine($"corpus directory not found: {corpusDirectory}");
            return 2;
        }
        var files = Directory.EnumerateFiles(corpusDirectory)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f)))
            .ToList();
        if (files.Count == 0)
        {
            output.WriteLine($"no .txt/.docx/.pdf files in {corpusDirectory}");
            return 2;
        }
        var megabytes = files.Sum(f => (long)f.Bytes.Length) / (1024.0 * 1024.0);

        var failures = new List<string>();
        var tasks = 0;
        // one untimed round warms up JIT and caches for both sides, and checks every file is readable
        foreach (var (name, bytes) in files)
        {
            try
            {
                tasks += Extractor.Extract(bytes, name).Documents.Sum(d => d.Tasks.Count);
            }
            catch (ExtractionInputException e)
            {
                failures.Add($"{name}: {e.Message}");
            }
        }
        var readable = files.Where(f => failures.All(x => !x.StartsWith(f.Name + ":", StringComparison.Ordinal))).ToList();
        Baseline(readable);

        var extraction = Measure(() =>
        {
            foreach (var (name, bytes) in readable) Extractor.Extract(bytes, name);
        });
        var baseline = Measure(() => Baseline(readable));
        var readableMb = readable.Sum(f => (long)f.Bytes.Length) / (1024.0 * 1024.0);

        var extractionRate = readableMb / extraction.TotalSeconds;
        var baselineRate = readableMb / baseline.TotalSeconds;
        var ratio = extraction.TotalSeconds / baseline.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        process.Refresh();

        output.WriteLine($"corpus: {files.Count} files, {megabytes:F2} MB, {tasks} tasks");
        foreach (var f in failures) output.WriteLine($"unreadable: {f}");
        output.WriteLine($"extraction: {extractionRate:F2} MB/s ({extraction.TotalMilliseconds:F1} ms per corpus pass)");
        output.WriteLine($"baseline (decode + 2 compiled regex passes): {baselineRate:F2} MB/s ({baseline.TotalMilliseconds:F1} ms per corpus pass)");
        output.WriteLine($"ratio: extraction takes {ratio:F1}x the baseline's time (goal <= {GoalRatio:F0}x): {(ratio <= GoalRatio ? "met" : "NOT met")}");
        output.WriteLine($"peak working set: {process.PeakWorkingSet64 / (1024.0 * 1024.0):F1} MB; managed heap now: {GC.GetTotalMemory(false) / (1024.0 * 1024.0):F1} MB");
        return ratio <= GoalRatio ? 0 : 1;
    }

    private static int Baseline(List<(string Name, byte[] Bytes)> files)
    {
        var matches = 0;
        foreach (var (_, bytes) in files)
        {
            var text = Decode(bytes);
            matches += DocNumberPattern.Count(text);
            matches += MarkerPattern.Count(text);
        }
        return matches;
    }

    /// <summary>The baseline decodes like the extractor does for text; binary formats are read as UTF-8 bytes.</summary>
    private static string Decode(byte[] bytes)
    {
        try
        {
            return TextDecoder.Decode(bytes);
        }
        catch (ExtractionInputException)
        {
            return Encoding.UTF8.GetString(bytes);
        }
    }

    /// <summary>Mean time of one pass, repeating until at least a second has been measured.</summary>
    private static TimeSpan Measure(Action pass)
    {
        var watch = Stopwatch.StartNew();
        var rounds = 0;
        do
        {
            pass();
            rounds++;
        }
        while (watch.Elapsed < MinimumMeasuredTime && rounds < MaxRounds);
        return watch.Elapsed / rounds;
    }
}
