using System.Diagnostics;

namespace PolicyTracker.Cli;

/// <summary>Options shared by the database benchmarks.</summary>
public sealed record BenchOptions(int Tasks, string? Postgres)
{
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var tasks = 20_000;
        string? postgres = Environment.GetEnvironmentVariable("POLICYTRACKER_BENCH_POSTGRES");
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--tasks" && i + 1 < args.Count) tasks = int.Parse(args[++i]);
            else if (args[i] == "--postgres" && i + 1 < args.Count) postgres = args[++i];
        }
        return new(tasks, postgres);
    }

    /// <summary>A throwaway database on the chosen engine: a temp SQLite file, or a fresh PostgreSQL database.</summary>
    public (Dictionary<string, string?> Settings, Func<Task> Drop) NewDatabase()
    {
        var name = $"ptbench_{Guid.NewGuid():N}"[..20];
        if (Postgres is null)
        {
            var path = Path.Combine(Path.GetTempPath(), name + ".db");
            return (new() { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = $"Data Source={path};Pooling=False" },
                () =>
                {
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
