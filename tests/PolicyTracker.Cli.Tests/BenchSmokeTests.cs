namespace PolicyTracker.Cli.Tests;

/// <summary>The benchmarks run end to end at a tiny size (their figures are not checked: that is what the benchmarks are for).</summary>
public sealed class BenchSmokeTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Commands.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task The_dashboard_and_reminder_benchmarks_run_at_a_tiny_size()
    {
        var (code, output, error) = await Run("bench", "dashboard", "--sizes", "300,600", "--iterations", "2");
        Assert.True(code == 0, error);
        Assert.Contains("summary (tallies)", output);
        Assert.Contains("monthly ranking (tallies)", output);
        Assert.Contains("units: SQL GROUP BY lead unit", output);

        (code, output, error) = await Run("bench", "reminders", "--sizes", "400");
        Assert.True(code == 0, error);
        Assert.Contains("reminder scan on SQLite", output);
    }

    [Fact]
    public async Task The_import_benchmark_runs_at_a_tiny_size()
    {
        var (code, output, error) = await Run("bench", "import", "--tasks", "60");
        Assert.True(code == 0, error);
        Assert.Contains("publish / raw", output);
    }

    [Fact]
    public void Sizes_read_with_k_and_m_suffixes_and_postgres_needs_a_connection()
    {
        Assert.Equal([10_000, 100_000, 1_000_000], BenchOptions.Parse(["--sizes", "1m,10k,100000"]).Sizes);
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--provider", "Postgres"]));
        Assert.Equal("PostgreSQL", BenchOptions.Parse(["--provider", "Postgres", "--connection", "Host=127.0.0.1"]).Engine);
    }
}
