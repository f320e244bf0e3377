using System.Diagnostics;

namespace PolicyTracker.Cli;

/// <summary>Options shared by the database benchmarks.</summary>
/// <param name="Tasks">tasks the import benchmark publishes</param>
/// <param name="Postgres">a PostgreSQL server to create throwaway databases on; null for SQLite files</param>
/// <param name="Sizes">task counts the dashboard benchmark measures at, ascending</param>
/// <param name="Iterations">timed calls per dashboard query</param>
/// <param name="Requests">HTTP requests per scenario at most</param>
/// <param name="Seconds">HTTP seconds per scenario at most</param>
/// <param name="Concurrency">HTTP clients sending at once</param>
public sealed record BenchOptions(int Tasks, string? Postgres, IReadOnlyList<int> Sizes, int Iterations = 40, int Requests = 20_000,
    int Seconds = 15, int Concurrency = 16)
{
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var tasks = 20_000;
        var provider = "Sqlite";
        string? connection = Environment.GetEnvironmentVariable("POLICYTRACKER_BENCH_POSTGRES");
        if (connection is not null) provider = "Postgres";
        IReadOnlyList<int> sizes = [10_000, 100_000, 1_000_000];
        var (iterations, requests, seconds, concurrency) = (40, 20_000, 15, 16);
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--tasks": tasks = int.Parse(Next()); break;
                case "--postgres": provider = "Postgres"; connection = Next(); break;
                case "--provider": provider = Next(); break;
                case "--connection": connection = Next(); break;
                case "--sizes": sizes = Next().Split(',').Select(ParseSize).Order().ToList(); break;
                case "--iterations": iterations = int.Parse(Next()); break;
                case "--requests": requests = int.Parse(Next()); break;
                case "--seconds": seconds = int.Parse(Next()); break;
                case "--concurrency": concurrency = int.Parse(Next()); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var postgres = provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
            ? connection ?? throw new ArgumentException("--provider Postgres needs --connection \"Host=…;Username=…\"")
            : null;
        return new(tasks, postgres, sizes, iterations, requests, seconds, concurrency);
    }

    /// <summary>10000, 10k, 1m.</summary>
    private static int ParseSize(string text)
    {
        text = text.Trim().ToLowerInvariant();
        var factor = text.EndsWith('k') ? 1_000 : text.EndsWith('m') ? 1_000_000 : 1;
        return int.Parse(factor == 1 ? text : text[..^1]) * factor;
    }

    /// <summary>A throwaway database on the chosen engine: a temp SQLite file, or a fresh PostgreSQL database.</summary>
    public (Dictionary<string, string?> Settings, Func<Task> Drop) NewDatabase()
    {
        var name = $"ptbench_{Guid.NewGuid():N}"[..20];
        if (Postgres is null)
        {
            var path = Path.Combine(Path.GetTempPath(), name + ".db");
            // Pooled, as the web host runs: an unpooled SQLite connection re-reads the schema on every open.
            return (new() { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = $"Data Source={path}" },
                () =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
                    return Task.CompletedTask;
                });
        }
        var target = new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Database = name };
        return (new() { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = target.ConnectionString },
            async () =>
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await using var c = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Database = "postgres" }.ConnectionString);
                await c.OpenAsync();
                await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c);
                await drop.ExecuteNonQueryAsync();
            });
    }

    public string Engine => Postgres is null ? "SQLite" : "PostgreSQL";

    /// <summary>Peak working set of this process so far, in MiB.</summary>
    public static double PeakMemoryMiB()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64 / 1024.0 / 1024.0;
    }
}

/// <summary>p50/p95 of a list of timings, in milliseconds.</summary>
public static class Percentiles
{
    public static (double P50, double P95) Of(IReadOnlyList<double> ms)
    {
        var sorted = ms.Order().ToArray();
        if (sorted.Length == 0) return (double.NaN, double.NaN);   // nothing answered: the errors column says why
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return (At(0.50), At(0.95));
    }
}

/// <summary>
/// Peak resident memory of a phase on Linux: writing 5 to clear_refs resets the process's high-water mark (VmHWM),
/// so each phase reports its own peak rather than the largest since the process started.
/// </summary>
public static class PeakMemory
{
    public static void Reset(int? pid = null)
    {
        try { File.WriteAllText($"/proc/{(pid?.ToString() ?? "self")}/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>VmHWM in MiB, or the .NET peak working set where /proc is not available.</summary>
    public static double MiB(int? pid = null)
    {
        try
        {
            var line = File.ReadLines($"/proc/{(pid?.ToString() ?? "self")}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
            if (line is not null) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
        catch (IOException) { }
        return BenchOptions.PeakMemoryMiB();
    }
}
