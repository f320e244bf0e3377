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
    : PolicyTrackerDbContext(options);
