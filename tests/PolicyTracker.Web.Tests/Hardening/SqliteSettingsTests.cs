using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>The SQLite connection settings are applied once per database handle: a pooled handle reused keeps them.</summary>
public sealed class SqliteSettingsTests
{
    [Fact]
    public async Task Every_connection_has_the_settings_whether_the_pool_opened_it_or_handed_it_back()
    {
        if (TestDatabase.IsPostgres) return; // PostgreSQL has no such per-connection settings.
        var path = TestDatabase.NewPath();
        // The suite turns pooling off; this test turns it on, as the hosts run.
        await using var app = new TestApp(settings: new() { ["Database:ConnectionString"] = $"Data Source={path};Pooling=True" }, databasePath: path);
        var handles = new HashSet<object>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < 3; i++)
            await app.WithDbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                handles.Add(connection.Handle!);
                Assert.Equal(5000L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
                Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous"));
                Assert.Equal(268435456L, await ScalarAsync(connection, "PRAGMA mmap_size"));
                await db.Database.CloseConnectionAsync();
            });
        Assert.Single(handles); // the same handle every time: the pool reused it
        SqliteConnection.ClearAllPools();
        await TestDatabase.DropAsync(path);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
