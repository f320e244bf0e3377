using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Migrations;

/// <summary>The embedded default: one SQLite file. Its migrations live in Sqlite/.</summary>
public sealed class SqlitePolicyTrackerDbContext(DbContextOptions<SqlitePolicyTrackerDbContext> options)
    : PolicyTrackerDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        // SQLite has no native instant or decimal type: store instants as sortable integers (all are UTC) and
        // decimals as REAL so ORDER BY, comparisons and SUM work in SQL rather than in memory.
        builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        builder.Properties<decimal>().HaveConversion<double>();
    }
}

/// <summary>PostgreSQL, for when one machine is not enough. Its migrations live in Postgres/.</summary>
public sealed class PostgresPolicyTrackerDbContext(DbContextOptions<PostgresPolicyTrackerDbContext> options)
    : PolicyTrackerDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The reminder scans look up the unit rows of thousands of tasks by task id for their unit and role. The key
        // (TaskId, UnitId) has no role, so PostgreSQL fetched every row from the heap (random reads: most of the
        // overdue scan's time at 1M tasks); with the role included the lookup is an index-only scan. SQLite's
        // lookup through its key index is cheap enough, and every publish would pay the extra index there too.
        builder.Entity<PolicyTracker.Core.Domain.TaskUnit>().HasIndex(u => u.TaskId).IncludeProperties(u => new { u.UnitId, u.Role });
    }
}
