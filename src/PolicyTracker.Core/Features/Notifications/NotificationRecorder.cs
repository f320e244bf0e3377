using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>Who receives a notice: a unit, one account, or everyone in a role (督查室, 县领导).</summary>
public sealed record Recipient(Guid? UnitId = null, Guid? UserId = null, string? Role = null)
{
    public static Recipient OfUnit(Guid id) => new(UnitId: id);
    public static Recipient OfUser(Guid id) => new(UserId: id);
    public static Recipient OfRole(string role) => new(Role: role);

    /// <summary>The recipient's part of a dedup key.</summary>
    public string Key => UnitId is { } u ? $"u{u:N}" : UserId is { } p ? $"p{p:N}" : $"r{Role}";
}

/// <summary>A notification a job wants to exist, identified by its dedup key (task or group, kind, recipient, due instance).</summary>
/// <param name="TaskIds">the tasks a notice about several tasks covers (<see cref="Notification.TaskIds"/>)</param>
public sealed record PlannedNotice(string DedupKey, string Kind, string Title, string Body, Recipient Recipient, Guid? TaskId = null,
    IReadOnlyList<Guid>? TaskIds = null);

/// <summary>
/// Records notices exactly once: each notification with its outbox rows (one per enabled channel of the recipient)
/// in one transaction, under the unique <see cref="Notification.DedupKey"/>. A key that exists already — recorded by
/// an earlier run or by another instance racing this one — is skipped, never recorded twice.
/// </summary>
/// <remarks>
/// A reminder scan at a province's scale records tens of thousands of notices, so <see cref="RecordAsync"/> writes
/// them in batches of multi-row INSERTs (the same SQL on SQLite and PostgreSQL) rather than one tracked entity and
/// one statement per row: the notifications with <c>ON CONFLICT ("DedupKey") DO NOTHING RETURNING "Id"</c>, so the
/// unique index itself decides which keys are new (a racing instance's insert waits for the other's commit, then
/// skips), and the outbox rows of exactly the returned notifications, in the same transaction.
/// </remarks>
public sealed class NotificationRecorder(PolicyTrackerDbContext db, CountyClock clock)
{
    /// <summary>Notices per transaction on PostgreSQL.</summary>
    /// <remarks>
    /// SQLite records each call (a job's chunk) in one transaction: it has one writer, whom the job holds anyway, and
    /// a commit writes every page the transaction changed to the WAL, so 2,000-row batches rewrote the same pages of
    /// the unique key index (keys land at random) once per batch.
    /// </remarks>
    public const int BatchSize = 2_000;

    // Read once per recorder (one job run), not once per notice.
    private ILookup<Guid, UnitChannel>? _channels;
    private readonly Dictionary<Recipient, List<string>> _emails = [];

    /// <summary>Records the notices not recorded yet; returns how many this call recorded.</summary>
    public async Task<int> RecordAsync(IReadOnlyList<PlannedNotice> notices, CancellationToken ct)
    {
        var recorded = 0;
        foreach (var batch in notices.DistinctBy(n => n.DedupKey).Chunk(OnPostgres ? BatchSize : int.MaxValue))
            recorded += await RecordBatchAsync(batch, ct);
        return recorded;
    }

    /// <summary>
    /// The notices among <paramref name="keys"/> recorded already, each with the tasks it covers, so a job that groups
    /// tasks into one notice can tell a task added to a group since from one already told.
    /// </summary>
    public async Task<Dictionary<string, HashSet<Guid>>> CoveredAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        var covered = new Dictionary<string, HashSet<Guid>>(StringComparer.Ordinal);
        foreach (var batch in keys.Distinct().Chunk(BatchSize))
        {
            var list = batch.ToList();
            var rows = await db.Notifications.Where(n => EF.Parameter(list).Contains(n.DedupKey))
                .Select(n => new { n.DedupKey, n.TaskIds, n.TaskId }).ToListAsync(ct);
            foreach (var r in rows) covered[r.DedupKey] = Notification.Covered(r.TaskIds, r.TaskId).ToHashSet();
        }
        return covered;
    }

    private async Task<int> RecordBatchAsync(PlannedNotice[] batch, CancellationToken ct)
    {
        // Only the keys travel for this check, so a re-run with nothing new does not send every notice's text.
        var keys = batch.Select(n => n.DedupKey).ToList();
        // One array parameter (json_each on SQLite, = ANY on PostgreSQL) rather than EF 10's default of a parameter per
        // key: Microsoft.Data.Sqlite binds 2,000 named parameters in time that grows with their square.
        var existing = (await db.Notifications.Where(n => EF.Parameter(keys).Contains(n.DedupKey)).Select(n => n.DedupKey).ToListAsync(ct)).ToHashSet();
        var fresh = batch.Where(n => !existing.Contains(n.DedupKey)).ToList();
        if (fresh.Count == 0) return 0;
        var now = clock.Now;
        var rows = fresh.Select(n => (Notice: n, Row: new Notification(n.DedupKey, n.Kind, n.Title, n.Body, now,
            n.Recipient.UnitId, n.Recipient.UserId, n.Recipient.Role, n.TaskId, n.TaskIds))).ToList();
        var outbox = new List<(Guid NotificationId, OutboxMessage Message)>();
        foreach (var (notice, row) in rows)
            foreach (var message in await OutboxOfAsync(notice.Recipient, row.Id, now, ct))
                outbox.Add((row.Id, message));

        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var inserted = (await InsertNotificationsAsync(rows.Select(r => r.Row).ToList(), ct)).ToHashSet();
            await InsertOutboxAsync(outbox.Where(o => inserted.Contains(o.NotificationId)).Select(o => o.Message).ToList(), ct);
            if (owned is not null) await owned.CommitAsync(ct);
            return inserted.Count;
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    private static readonly string[] NotificationColumns =
    [
        nameof(Notification.Id), nameof(Notification.DedupKey), nameof(Notification.Kind), nameof(Notification.Title),
        nameof(Notification.Body), nameof(Notification.CreatedAt), nameof(Notification.RecipientUnitId),
        nameof(Notification.RecipientUserId), nameof(Notification.RecipientRole), nameof(Notification.TaskId),
        nameof(Notification.TaskIds),
    ];

    /// <summary>Inserts the notifications whose key is new; returns the ids of those inserted. Runs in the caller's transaction.</summary>
    private async Task<List<Guid>> InsertNotificationsAsync(List<Notification> rows, CancellationToken ct)
    {
        var suffix = " ON CONFLICT (" + Quote(Column<Notification>(nameof(Notification.DedupKey))) + ") DO NOTHING RETURNING "
            + Quote(Column<Notification>(nameof(Notification.Id)));
        if (!OnPostgres)
        {
            // One prepared single-row statement (binding in Microsoft.Data.Sqlite grows with the square of a statement's
            // parameters), in key order, so the unique index's pages are visited one after another rather than at random.
            return BulkInsert.SqliteRowsReturning(db, rows.OrderBy(r => r.DedupKey, StringComparer.Ordinal), suffix, ct);
        }
        var (sql, parameters) = InsertFromArrays(rows, NotificationColumns);
        // Straight to ADO.NET: EF's SqlQueryRaw compiles a query per call (its parameter array is part of the
        // cache key), which cost more than the insert. Identifiers come from the model and every value is a parameter.
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = sql + suffix;
        command.Parameters.AddRange(parameters);
        var inserted = new List<Guid>(rows.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) inserted.Add(reader.GetGuid(0));
        return inserted;
    }

    // Outbox rows conflict with nothing: the model-driven bulk writer (prepared INSERT on SQLite, COPY on PostgreSQL).
    private Task InsertOutboxAsync(List<OutboxMessage> rows, CancellationToken ct) => BulkInsert.RowsAsync(db, rows, ct);

    private bool OnPostgres => db.Database.IsNpgsql();

    /// <summary>
    /// PostgreSQL: one statement whatever the number of rows, each column one array parameter that <c>unnest</c>
    /// turns back into rows. Binding thousands of scalar parameters per statement cost several times the insert itself.
    /// </summary>
    private (string Sql, object[] Parameters) InsertFromArrays<T>(IReadOnlyList<T> rows, string[] propertyNames)
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var properties = propertyNames.Select(n => entity.FindProperty(n)!).ToArray();
        var parameters = new object[properties.Length];
        for (var c = 0; c < properties.Length; c++)
        {
            var property = properties[c];
            var converter = property.GetRelationalTypeMapping().Converter;
            var type = converter?.ProviderClrType ?? property.ClrType;
            if (property.IsNullable && type.IsValueType && Nullable.GetUnderlyingType(type) is null) type = typeof(Nullable<>).MakeGenericType(type);
            var values = Array.CreateInstance(type, rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                var value = property.GetGetter().GetClrValue(rows[r]!);
                values.SetValue(value is not null && converter is not null ? converter.ConvertToProvider(value) : value, r);
            }
            parameters[c] = new NpgsqlParameter($"p{c}", values);
        }
        var sql = new StringBuilder($"INSERT INTO {Quote(entity.GetTableName()!)} (")
            .AppendJoin(", ", properties.Select(p => Quote(p.GetColumnName())))
            .Append(") SELECT * FROM unnest(")
            .AppendJoin(", ", properties.Select((p, c) => $"@p{c}::{p.GetColumnType()}[]"))
            .Append(')');
        return (sql.ToString(), parameters);
    }

    private string Column<T>(string property) => db.Model.FindEntityType(typeof(T))!.FindProperty(property)!.GetColumnName();

    private string Quote(string identifier) => db.GetService<ISqlGenerationHelper>().DelimitIdentifier(identifier);

    /// <summary>The outbox rows a notification to <paramref name="r"/> gets: one per enabled channel of its unit, one per e-mail address.</summary>
    private async Task<List<OutboxMessage>> OutboxOfAsync(Recipient r, Guid notificationId, DateTimeOffset now, CancellationToken ct)
    {
        var messages = new List<OutboxMessage>();
        if (r.UnitId is { } unitId)
            foreach (var c in (await ChannelsAsync(ct))[unitId])
                messages.Add(new OutboxMessage(notificationId, c.Channel, c.Destination, now, c.Format));
        if (!_emails.TryGetValue(r, out var emails)) _emails[r] = emails = await EmailsOfAsync(r, ct);
        foreach (var email in emails)
            messages.Add(new OutboxMessage(notificationId, DeliveryChannel.Email, email, now));
        return messages;
    }

    /// <summary>Adds the notification and its outbox rows to the context without saving, for a caller that saves them with other changes.</summary>
    public async Task<Notification> StageAsync(PlannedNotice notice, CancellationToken ct)
    {
        var now = clock.Now;
        var r = notice.Recipient;
        var notification = new Notification(notice.DedupKey, notice.Kind, notice.Title, notice.Body, now,
            r.UnitId, r.UserId, r.Role, notice.TaskId, notice.TaskIds);
        db.Notifications.Add(notification);
        db.OutboxMessages.AddRange(await OutboxOfAsync(r, notification.Id, now, ct));
        return notification;
    }


    private async Task<ILookup<Guid, UnitChannel>> ChannelsAsync(CancellationToken ct) =>
        _channels ??= (await db.UnitChannels.AsNoTracking().Where(c => c.Enabled).ToListAsync(ct)).ToLookup(c => c.UnitId);

    /// <summary>Accounts addressed directly or through their role get the notice by e-mail when they have an address.</summary>
    private async Task<List<string>> EmailsOfAsync(Recipient r, CancellationToken ct)
    {
        if (r.UserId is { } userId)
            return await db.Users.Where(u => u.Id == userId && u.Email != null && u.Email != "").Select(u => u.Email!).ToListAsync(ct);
        if (r.Role is { } role)
            return await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join ro in db.Roles on ur.RoleId equals ro.Id
                          where ro.Name == role && u.Email != null && u.Email != ""
                          select u.Email!).Distinct().ToListAsync(ct);
        return [];
    }

    /// <summary>A unique index refused the row: SQLite's SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY or PostgreSQL's 23505.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}

