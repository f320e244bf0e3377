using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Data;

/// <summary>
/// The application database. Provider subclasses in migrations/ (SQLite, PostgreSQL) carry their own migration
/// sets; everything else only ever sees this type. It also holds the ASP.NET Data Protection key ring, so every
/// instance of the web host reads the same keys and accepts the cookies another instance issued.
/// </summary>
public abstract class PolicyTrackerDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<UnitAlias> UnitAliases => Set<UnitAlias>();
    public DbSet<Leader> Leaders => Set<Leader>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanTask> Tasks => Set<PlanTask>();
    public DbSet<TaskUnit> TaskUnits => Set<TaskUnit>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<ProgressUpdate> ProgressUpdates => Set<ProgressUpdate>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<ExtensionRequest> ExtensionRequests => Set<ExtensionRequest>();
    public DbSet<Urge> Urges => Set<Urge>();
    public DbSet<LeaderInstruction> LeaderInstructions => Set<LeaderInstruction>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<UnitChannel> UnitChannels => Set<UnitChannel>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<JobCheckpoint> JobCheckpoints => Set<JobCheckpoint>();
    public DbSet<PlanImport> PlanImports => Set<PlanImport>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<TaskTally> TaskTallies => Set<TaskTally>();
    public DbSet<ScheduleTally> ScheduleTallies => Set<ScheduleTally>();
    public DbSet<UnitTally> UnitTallies => Set<UnitTally>();
    public DbSet<GroupTally> GroupTallies => Set<GroupTally>();
    public DbSet<PeriodTally> PeriodTallies => Set<PeriodTally>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Who this context's saves are recorded under (留痕, <see cref="AuditInterceptor"/>): the request's or the job's
    /// user, set when the context is handed to a DI scope and cleared at disposal; an audited save without one fails
    /// rather than record a wrong user.
    /// </summary>
    public ICurrentUser? Actor { get; set; }

    /// <summary>
    /// Every save that changes something runs in a transaction begun and ended here, where each outcome is seen: the
    /// audit and tally interceptors write their rows into it and a failure of any kind rolls all of it back. They
    /// cannot own it themselves: since EF Core 7 a <see cref="DbUpdateConcurrencyException"/> reaches no interceptor,
    /// so a transaction an interceptor began stayed open after such a conflict (holding the save's partial writes,
    /// which the context's next save then committed) and, with pooled contexts, was committed by a later lease.
    /// A caller's own transaction is used as it is.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null || !ChangeTracker.HasChanges())
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        var savepoints = Database.AutoSavepointsEnabled;
        // A failure rolls back the whole transaction, so EF's savepoint around the save would be two statements for nothing.
        Database.AutoSavepointsEnabled = false;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return saved;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Database.CurrentTransaction is not null || !ChangeTracker.HasChanges()) return base.SaveChanges(acceptAllChangesOnSuccess);
        using var transaction = Database.BeginTransaction();
        var savepoints = Database.AutoSavepointsEnabled;
        Database.AutoSavepointsEnabled = false;
        try
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            transaction.Commit();
            return saved;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
        }
    }

    public override void Dispose()
    {
        Actor = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Actor = null;
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PolicyTrackerDbContext).Assembly);
    }
}

public static class DbSetExtensions
{
    /// <summary>Finds an entity by key or throws <see cref="NotFoundException"/> (a 404).</summary>
    public static async ValueTask<T> FindRequiredAsync<T>(this DbSet<T> set, Guid id, CancellationToken ct) where T : class =>
        await set.FindAsync([id], ct) ?? throw new NotFoundException(typeof(T).Name, id);
}
