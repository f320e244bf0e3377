using Microsoft.EntityFrameworkCore;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>On PostgreSQL a statement the service runs again and again is prepared on the server once per connection.</summary>
public sealed class PostgresSettingsTests
{
    [Fact]
    public async Task A_repeated_query_is_prepared_on_the_server()
    {
        if (!TestDatabase.IsPostgres) return; // SQLite has no server to prepare on.
        await using var app = new TestApp();
        var prepared = await app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var marker = Guid.NewGuid().ToString("N");
            for (var i = 0; i < 8; i++)
                await db.Units.Where(u => u.Name == marker).CountAsync();
            var statements = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
            await db.Database.CloseConnectionAsync();
            return statements;
        });
        Assert.Contains(prepared, s => s.Contains("\"Units\""));
    }
}
