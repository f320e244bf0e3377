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
    private static readonly TimeSpan MinimumMeasuredTime = TimeSpan.FromSeconds(2);
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
        // one untimed round checks every file is readable and counts the tasks
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
        WarmUp(readable);

        var (extraction, baseline) = Measure(
            () =>
            {
                foreach (var (name, bytes) in readable) Extractor.Extract(bytes, name);
            },
            () => Baseline(readable));
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

    /// <summary>
    /// Runs both sides until the JIT has promoted their hot methods to optimised code (tiered compilation
    /// promotes a method after some thirty calls, once no new methods have been compiled for a while);
    /// measuring before that would time unoptimised code.
    /// </summary>
    private static void WarmUp(List<(string Name, byte[] Bytes)> files)
    {
        var watch = Stopwatch.StartNew();
        var passes = 0;
        while ((watch.Elapsed < WarmUpTime || passes < MinWarmUpPasses) && passes < MaxRounds)
        {
            foreach (var (name, bytes) in files) Extractor.Extract(bytes, name);
            Baseline(files);
            passes++;
        }
    }

    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(2);
    private const int MinWarmUpPasses = 10;

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

    /// <summary>
    /// Median time of one pass of each, the two passes alternating round by round so that load from other
    /// processes on a shared machine weighs on both alike; repeated until a second or more has been measured.
    /// </summary>
    private static (TimeSpan Subject, TimeSpan Baseline) Measure(Action subject, Action baseline)
    {
        var subjectTimes = new List<TimeSpan>();
        var baselineTimes = new List<TimeSpan>();
        var total = Stopwatch.StartNew();
        do
        {
            subjectTimes.Add(Time(subject));
            baselineTimes.Add(Time(baseline));
        }
        while ((total.Elapsed < MinimumMeasuredTime || subjectTimes.Count < MinRounds) && subjectTimes.Count < MaxRounds);
        return (Median(subjectTimes), Median(baselineTimes));
    }

    private const int MinRounds = 5;

    private static TimeSpan Time(Action pass)
    {
        var watch = Stopwatch.StartNew();
        pass();
        return watch.Elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }
}
