using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Data;

/// <summary>
/// 留痕: turns every change in a save into audit entries inside the same transaction, so there is no change
/// without its record and no record without its change. Named business actions come from the entities
/// themselves (<see cref="IRecordsActivity"/>); any other change is recorded with the properties it touched.
/// </summary>
/// <remarks>
/// One instance serves every context: the acting user comes from the saving context
/// (<see cref="PolicyTrackerDbContext.Actor"/>) and the transaction is the save's (it keeps no state between calls).
/// </remarks>
public sealed class AuditInterceptor(TimeProvider time) : SaveChangesInterceptor
{
    // Delivery bookkeeping, dashboard counters, identity internals and key material are not business changes;
    // tokens, hashes and keys must never be copied.
    private static readonly HashSet<Type> NotAudited =
    [
        typeof(AuditEntry), typeof(Notification), typeof(OutboxMessage), typeof(JobCheckpoint), typeof(TaskTally), typeof(ScheduleTally), typeof(PeriodTally), typeof(UnitTally), typeof(GroupTally),
        typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey), typeof(IdentityUserToken<Guid>),
        typeof(IdentityUserLogin<Guid>), typeof(IdentityUserClaim<Guid>), typeof(IdentityRoleClaim<Guid>),
    ];

    // ListDeadline: the unit rows' copy of the task's deadline, whose change the task's own entry records.
    private static readonly HashSet<string> SecretProperties =
        ["PasswordHash", "SecurityStamp", "ConcurrencyStamp", "Ledger", "SourceText", "DraftJson", "Version", "ListDeadline"];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not { } context) return result;
        var entries = Collect(context);
        // Only a save that audits something takes the chain.
        if (entries.Count == 0) return result;
        RequireTransaction(context);
        if (context.Database.IsNpgsql()) context.Database.ExecuteSqlRaw(LockChainSql);
        Chain(context, entries, LastHashes(context).FirstOrDefault() ?? "");
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } context) return result;
        var entries = Collect(context);
        if (entries.Count == 0) return result;
        RequireTransaction(context);
        Chain(context, entries, await ChainEndAsync(context, cancellationToken));
        return result;
    }

    // Reading the chain's end and appending to it must be one step no other writer comes between, and the entries must
    // stand or fall with the change: both need the save's transaction (PolicyTrackerDbContext.SaveChangesAsync begins it).
    private static void RequireTransaction(DbContext context)
    {
        if (context.Database.CurrentTransaction is null)
            throw new InvalidOperationException("An audited save runs in a transaction: save through PolicyTrackerDbContext, which begins one.");
    }

    // PostgreSQL: inserts of two transactions never block each other, so without a lock two instances saving at the
    // same moment would both read the same end and fork the chain. A transaction-scoped advisory lock (released at
    // commit or rollback) makes audited saves take turns, as SQLite's single writer (BEGIN IMMEDIATE) already does.
    // The number is arbitrary but fixed: every instance must use the same one.
    private const string LockChainSql = "SELECT pg_advisory_xact_lock(7346295011)";

    /// <summary>The hash of the last entry stored, read inside the caller's transaction once the chain is this writer's.</summary>
    private static async Task<string> ChainEndAsync(DbContext context, CancellationToken ct)
    {
        if (context.Database.IsNpgsql()) await context.Database.ExecuteSqlRawAsync(LockChainSql, ct);
        return await LastHash(context, ct) ?? "";
    }

    // Compiled once: every audited save reads it, and EF's query cache otherwise rebuilds and hashes the expression
    // tree on each call.
    private static readonly Func<DbContext, CancellationToken, Task<string?>> LastHash =
        EF.CompileAsyncQuery((DbContext context, CancellationToken ct) =>
            context.Set<AuditEntry>().OrderByDescending(a => a.Id).Select(a => a.Hash).FirstOrDefault());

    private static IQueryable<string> LastHashes(DbContext context) =>
        context.Set<AuditEntry>().OrderByDescending(a => a.Id).Select(a => a.Hash);

    private static void Chain(DbContext context, List<AuditEntry> entries, string previousHash)
    {
        Chain(entries, previousHash);
        foreach (var audit in entries) context.Add(audit);
    }

    private List<AuditEntry> Collect(DbContext context)
    {
        var now = time.GetUtcNow();
        ICurrentUser? user = null;
        var entries = new List<AuditEntry>();
        var changed = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        // A task created in this save is recorded once, with its units and targets: not once per row.
        var newTasks = changed.Where(e => e.State == EntityState.Added && e.Entity is PlanTask)
            .Select(e => ((PlanTask)e.Entity).Id).ToHashSet();
        foreach (var entry in changed)
        {
            var type = entry.Metadata.ClrType;
            if (NotAudited.Contains(type) || entry.Metadata.IsOwned()) continue;
            var entityId = KeyOf(entry);
            var taskId = TaskIdOf(entry);
            if (entry.State == EntityState.Added && entry.Entity is TaskUnit or Target && taskId is { } parent && newTasks.Contains(parent)) continue;
            var activities = entry.Entity is IRecordsActivity recorder ? recorder.TakeActivities() : [];
            if (activities.Count > 0)
            {
                user ??= ActorOf(context);
                foreach (var activity in activities)
                    entries.Add(New(user, now, activity.Action, type.Name, entityId, taskId, null, activity.Detail));
                continue;
            }
            var (action, before, after) = Describe(entry, type.Name);
            if (action is null) continue;
            user ??= ActorOf(context);
            entries.Add(New(user, now, action, type.Name, entityId, taskId, before, after));
        }
        return entries;
    }

    private static ICurrentUser ActorOf(DbContext context) =>
        (context as PolicyTrackerDbContext)?.Actor
        ?? throw new InvalidOperationException("An audited save needs the acting user: resolve the context from a DI scope, which sets PolicyTrackerDbContext.Actor.");

    private static AuditEntry New(ICurrentUser user, DateTimeOffset now, string action, string type, string entityId, Guid? taskId, string? before, string? after) =>
        new(now, user.Id, user.Name, user.Role, user.UnitId, action, type, entityId, taskId, before, after);

    private static (string? Action, string? Before, string? After) Describe(EntityEntry entry, string type)
    {
        var props = entry.Properties.Where(p => !SecretProperties.Contains(p.Metadata.Name)).ToList();
        switch (entry.State)
        {
            case EntityState.Added:
                return ($"新增{type}", null, Json(props.ToDictionary(p => p.Metadata.Name, p => p.CurrentValue)));
            case EntityState.Deleted:
                return ($"删除{type}", Json(props.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue)), null);
            default:
                var changed = props.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).ToList();
                if (changed.Count == 0) return (null, null, null);
                return ($"修改{type}",
                    Json(changed.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue)),
                    Json(changed.ToDictionary(p => p.Metadata.Name, p => p.CurrentValue)));
        }
    }

    /// <summary>
    /// The entries this interceptor would write for <paramref name="entities"/> added in a save, for rows written in
    /// bulk outside the change tracker (PublishImport): same action, key and values, read through the same model.
    /// </summary>
    internal static List<AuditEntry> ForAdded<T>(DbContext context, IReadOnlyCollection<T> entities, Func<T, Guid?> taskIdOf,
        DateTimeOffset at, ICurrentUser user) where T : class =>
        ForAdded(context.Model, entities, taskIdOf, at, Actor.Of(user));

    /// <summary>Who an entry names, read from <see cref="ICurrentUser"/> once.</summary>
    internal sealed record Actor(Guid? Id, string Name, string? Role, Guid? UnitId)
    {
        public static Actor Of(ICurrentUser user) => new(user.Id, user.Name, user.Role, user.UnitId);
    }

    /// <summary>As above, from the model and the actor alone, so it can run beside the caller's own use of the DbContext.</summary>
    internal static List<AuditEntry> ForAdded<T>(IModel model, IReadOnlyCollection<T> entities, Func<T, Guid?> taskIdOf,
        DateTimeOffset at, Actor user) where T : class
    {
        var type = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        // The model's property order is the order EntityEntry.Properties reports, and each value is written by the
        // serializer's converter for its declared type, which writes what the dictionary's runtime-typed values get:
        // the JSON is the same text, without a dictionary and a polymorphic lookup per value.
        var properties = type.GetProperties().Where(p => !SecretProperties.Contains(p.Name))
            .Select(p => (Name: JsonEncodedText.Encode(p.Name, AuditJson.Options.Encoder), Write: JsonValueWriter(p))).ToList();
        var key = type.FindPrimaryKey()?.Properties.Select(p => p.GetGetter()).ToList() ?? [];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AuditJson.Options.Encoder });
        var (action, typeName) = ($"新增{typeof(T).Name}", typeof(T).Name);
        var entries = new List<AuditEntry>(entities.Count);
        foreach (var entity in entities)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartObject();
            foreach (var (name, write) in properties)
            {
                writer.WritePropertyName(name);
                write(writer, entity);
            }
            writer.WriteEndObject();
            writer.Flush();
            var entityId = key.Count == 1 ? key[0].GetClrValue(entity)?.ToString() ?? "" : string.Join(",", key.Select(k => k.GetClrValue(entity)?.ToString()));
            entries.Add(new(at, user.Id, user.Name, user.Role, user.UnitId, action, typeName, entityId, taskIdOf(entity), null,
                System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)));
        }
        return entries;
    }

    private static Action<Utf8JsonWriter, object> JsonValueWriter(Microsoft.EntityFrameworkCore.Metadata.IProperty property) =>
        (Action<Utf8JsonWriter, object>)typeof(AuditInterceptor).GetMethod(nameof(JsonValueWriterOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(property.ClrType).Invoke(null, [property.GetGetter()])!;

    private static Action<Utf8JsonWriter, object> JsonValueWriterOf<TValue>(Microsoft.EntityFrameworkCore.Metadata.IClrPropertyGetter getter)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<TValue>)AuditJson.Options.GetTypeInfo(typeof(TValue));
        return (writer, entity) => JsonSerializer.Serialize(writer, (TValue)getter.GetClrValue(entity)!, info);
    }

    /// <summary>
    /// Links <paramref name="entries"/> after the last entry stored, as a save does; the caller holds a transaction,
    /// which then keeps the chain until it ends.
    /// </summary>
    internal static async Task ChainAsync(DbContext context, IReadOnlyList<AuditEntry> entries, CancellationToken ct) =>
        Chain(entries, await ChainEndInTransactionAsync(context, ct));

    /// <summary>
    /// The hash of the last entry stored, for entries written in bulk; the caller holds a transaction, which then keeps
    /// the chain until it ends (on PostgreSQL through the advisory lock taken here).
    /// </summary>
    internal static Task<string> ChainEndInTransactionAsync(DbContext context, CancellationToken ct) =>
        context.Database.CurrentTransaction is null
            ? throw new InvalidOperationException("Audit entries written in bulk are chained inside the writer's transaction.")
            : ChainEndAsync(context, ct);

    /// <summary>Links <paramref name="entries"/>, in order, after the entry whose hash is <paramref name="previousHash"/>.</summary>
    internal static void Chain(IReadOnlyList<AuditEntry> entries, string previousHash)
    {
        foreach (var audit in entries)
        {
            audit.Chain(previousHash);
            previousHash = audit.Hash;
        }
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()?.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()) ?? []);

    private static Guid? TaskIdOf(EntityEntry entry) => entry.Entity switch
    {
        PlanTask task => task.Id,
        _ => entry.Metadata.FindProperty("TaskId") is { } p && entry.Property(p.Name).CurrentValue is Guid id ? id : null,
    };

    private static string Json(Dictionary<string, object?> values) =>
        JsonSerializer.Serialize(values, AuditJson.Options);
}

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
