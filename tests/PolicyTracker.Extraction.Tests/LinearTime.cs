using System.Diagnostics;

namespace PolicyTracker.Extraction.Tests;

/// <summary>
/// Proves that work grows linearly with its input: a run over n items may cost about eight times a run over n/8, a
/// quadratic step would cost sixty-four. A ratio holds on a loaded build machine where a wall-clock limit does not,
/// and speed itself is the benchmark's business (<c>policytracker bench extraction</c>).
/// </summary>
internal static class LinearTime
{
    private const int Factor = 8;
    private const double Allowed = 24;

    public static void Assert(Action<int> run, int n)
    {
        var small = n / Factor;
        run(small);
        var smallTime = Fastest(() => run(small));
        var largeTime = Fastest(() => run(n));
        Xunit.Assert.True(largeTime.TotalMilliseconds < smallTime.TotalMilliseconds * Allowed + 250,
            $"{small} items took {smallTime.TotalMilliseconds:F0} ms, {n} items took {largeTime.TotalMilliseconds:F0} ms");
    }

    private static TimeSpan Fastest(Action run)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 2; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            if (watch.Elapsed < best) best = watch.Elapsed;
        }
        return best;
    }
}
