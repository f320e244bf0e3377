using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PolicyTracker.Web.Tests.Infrastructure;

/// <summary>
/// Where a test's database lives: a fresh SQLite file by default, or — when POLICYTRACKER_TEST_POSTGRES names a
/// server (scripts/with-postgres.sh sets it) — a fresh PostgreSQL database named after that file, so the same
/// suite runs on both engines and "restart on the same database" means the same thing on each.
/// </summary>
public static class TestDatabase
{
    public static readonly string? PostgresServer = Environment.GetEnvironmentVariable("POLICYTRACKER_TEST_POSTGRES");

    public static bool IsPostgres => !string.IsNullOrEmpty(PostgresServer);

    public static string NewPath() => Path.Combine(Path.GetTempPath(), "policytracker-tests", $"{Guid.NewGuid():N}.db");

    public static (string Provider, string ConnectionString) For(string path)
    {
        if (!IsPostgres) return ("Sqlite", $"Data Source={path};Default Timeout=30;Pooling=False");
        return ("Postgres", new NpgsqlConnectionStringBuilder(PostgresServer) { Database = DatabaseName(path) }.ConnectionString);
    }

    public static async Task DropAsync(string path)
    {
        if (!IsPostgres)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                try { File.Delete(path + suffix); } catch (IOException) { }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName(path)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string DatabaseName(string path) =>
        "pt_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..24].ToLowerInvariant();
}
