using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Migrations;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Database settings (section "Database" of appsettings.json).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>ADO.NET connection string of the chosen provider.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/policytracker.db";
}

public static class DatabaseSetup
{
    /// <summary>Registers the provider's DbContext as <see cref="PolicyTrackerDbContext"/>, with the audit interceptor.</summary>
    public static IServiceCollection AddPolicyTrackerDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddSingleton<AuditInterceptor>();
        services.AddSingleton<TallyInterceptor>();
        // Both interceptors write into the save's transaction, which the context begins and commits around them
        // (PolicyTrackerDbContext.SaveChangesAsync), so their order decides only which reads come first.
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                EnsureSqliteFolder(options.ConnectionString);
                services.AddPolicyTrackerContextFactory<SqlitePolicyTrackerDbContext>((sp, o) => o
                    .UseSqlite(options.ConnectionString, s => s.MigrationsAssembly(typeof(DatabaseSetup).Assembly.GetName().Name))
                    .AddInterceptors(sp.GetRequiredService<TallyInterceptor>(), sp.GetRequiredService<AuditInterceptor>(), SqliteConnectionSettings.Instance));
                break;
            case DatabaseProvider.Postgres:
                services.AddPolicyTrackerContextFactory<PostgresPolicyTrackerDbContext>((sp, o) => o
                    .UseNpgsql(WithAutoPrepare(options.ConnectionString), s => s.MigrationsAssembly(typeof(DatabaseSetup).Assembly.GetName().Name))
                    .AddInterceptors(sp.GetRequiredService<TallyInterceptor>(), sp.GetRequiredService<AuditInterceptor>()));
                break;
        }
        return services;
    }

    /// <summary>
    /// Contexts come from a pool and each DI scope (a request, a job) leases one, with the scope's user as the actor its
    /// saves are audited under (cleared when the lease ends). Building a context per request (its options, its services,
    /// the interceptors' state) was a tenth of a list request's CPU; a pooled one is reset and handed out again. Nothing
    /// of a save outlives its lease: its transaction is the context's own (PolicyTrackerDbContext.SaveChangesAsync) and
    /// the interceptors drop what a failed save left before the next one.
    /// </summary>
    private static void AddPolicyTrackerContextFactory<TContext>(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : PolicyTrackerDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddScoped<PolicyTrackerDbContext>(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            db.Actor = sp.GetRequiredService<ICurrentUser>();
            return db;
        });
    }

    /// <summary>
    /// Npgsql prepares a statement on the server once it has run a few times on a connection (unless the connection
    /// string says otherwise): the list page's and the saves' statements are then parsed and planned once per
    /// connection instead of at every execution, CPU the database server shares with the web host.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        // The keys as written ("Max Auto Prepare" or "MaxAutoPrepare"): an explicit 0, as behind PgBouncer's transaction
        // mode, stays; "Auto Prepare Min Usages" alone does not turn preparing off.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }

    /// <summary>Applies the provider's migrations; SQLite also switches to WAL so readers don't block the writer.</summary>
    public static async Task MigrateAsync(this PolicyTrackerDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsNpgsql()) await CreatePostgresDatabaseIfMissingAsync(db.Database.GetConnectionString()!, ct);
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        // Tasks loaded in bulk (or before the tallies, or one of their tables, existed) are counted once; from then on
        // every save keeps them.
        if ((!await db.TaskTallies.AnyAsync(ct) || !await db.PeriodTallies.AnyAsync(ct) || !await db.UnitTallies.AnyAsync(ct)
                || !await db.GroupTallies.AnyAsync(ct)) && await db.Tasks.AnyAsync(ct)
            && db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is { } services)
            await TallyDelta.RebuildAsync(db, TallyRulesOf(services), ct);
    }

    public static TallyRules TallyRulesOf(IServiceProvider services) =>
        new(services.GetRequiredService<CountyClock>(), services.GetRequiredService<PolicyTracker.Core.TrackingOptions>().BehindSchedulePercent);

    /// <summary>
    /// EF's own create-on-migrate waits out Npgsql's retries against the missing database (about 30 s); creating it
    /// first from the maintenance database takes milliseconds.
    /// </summary>
    private static async Task CreatePostgresDatabaseIfMissingAsync(string connectionString, CancellationToken ct)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database)) return;
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new Npgsql.NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        var quoted = "\"" + target.Database.Replace("\"", "\"\"") + "\"";
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P04")
        {
            // Another instance created it between the check and now.
        }
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:") Directory.CreateDirectory(folder);
    }
}

/// <summary>
/// Per-connection SQLite settings: in WAL mode synchronous=NORMAL stays durable against application crashes and
/// loses at most the last commits on power loss, while sparing an fsync per transaction (the default FULL).
/// busy_timeout lets a writer that finds another transaction under way wait inside SQLite, which retries after 1, 2,
/// 5, 10 … ms; without it Microsoft.Data.Sqlite retries every 150 ms, so two progress reports arriving together cost
/// the second one 150 ms. mmap_size lets readers take pages straight from the OS cache instead of copying them
/// through each pooled connection's 2 MiB page cache: a unit's task list touches a few thousand pages, and the host
/// spent 40 % less CPU per list request with it. Each pooled connection maps the file on its own, so the resident
/// size (VmRSS/VmHWM) counts the same shared cache pages once per connection (0.8 GiB at 100k tasks); the private
/// memory (RssAnon) does not grow. cache_size (32 MiB instead of 2 MiB, allocated only as a connection uses it) holds
/// the pages a long write changes: a reminder run's notices land at random places of the unique key index, and with
/// 2 MiB SQLite spilled and rewrote those pages to the WAL about three times as often (pwrite calls per notice 16 → 5).
/// The settings belong to the database handle, which the pool keeps open between uses, so they are applied once per
/// handle rather than at every open (EF opens a connection per statement or save: a progress report opened four
/// times, twelve PRAGMA statements).
/// </summary>
internal sealed class SqliteConnectionSettings : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768;";
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = [];

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        if (IsConfigured(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        MarkConfigured(connection);
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        if (IsConfigured(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
        MarkConfigured(connection);
    }

    private static bool IsConfigured(System.Data.Common.DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } && Configured.TryGetValue(handle, out _);

    private static void MarkConfigured(System.Data.Common.DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle }) Configured.AddOrUpdate(handle, handle);
    }
}

/// <summary>Lets `dotnet ef migrations add` build each provider's context without a host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePolicyTrackerDbContext>
{
    public SqlitePolicyTrackerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePolicyTrackerDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPolicyTrackerDbContext>
{
    public PostgresPolicyTrackerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPolicyTrackerDbContext>().UseNpgsql("Host=127.0.0.1;Database=design").Options);
}
