using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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

/// <summary>A notification a job wants to exist, identified by its dedup key (task, kind, recipient, due instance).</summary>
public sealed record PlannedNotice(string DedupKey, string Kind, string Title, string Body, Recipient Recipient, Guid? TaskId = null);

/// <summary>
/// Records notices exactly once: each notification with its outbox rows (one per enabled channel of the recipient)
/// in one transaction, under the unique <see cref="Notification.DedupKey"/>. A key that exists already — recorded by
/// an earlier run or by another instance racing this one — is skipped, never recorded twice.
/// </summary>
public sealed class NotificationRecorder(PolicyTrackerDbContext db, CountyClock clock)
{
    // Read once per recorder (one job run), not once per notice.
    private ILookup<Guid, UnitChannel>? _channels;
    private readonly Dictionary<Recipient, List<string>> _emails = [];

    /// <summary>Records the notices not recorded yet; returns how many this call recorded.</summary>
    public async Task<int> RecordAsync(IReadOnlyList<PlannedNotice> notices, CancellationToken ct)
    {
        var fresh = await UnrecordedAsync(notices, ct);
        if (fresh.Count == 0) return 0;
        foreach (var notice in fresh) await StageAsync(notice, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            return fresh.Count;
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // Another instance recorded some of these between our check and our insert: the batch rolled back as a
            // whole, so record one by one and let the unique index decide each.
            db.ChangeTracker.Clear();
        }
        var recorded = 0;
        foreach (var notice in fresh)
        {
            await StageAsync(notice, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                recorded++;
            }
            catch (DbUpdateException e) when (IsUniqueViolation(e))
            {
                // Already recorded elsewhere.
            }
            db.ChangeTracker.Clear();
        }
        return recorded;
    }

    /// <summary>Adds the notification and its outbox rows to the context without saving, for a caller that saves them with other changes.</summary>
    public async Task<Notification> StageAsync(PlannedNotice notice, CancellationToken ct)
    {
        var now = clock.Now;
        var r = notice.Recipient;
        var notification = new Notification(notice.DedupKey, notice.Kind, notice.Title, notice.Body, now,
            r.UnitId, r.UserId, r.Role, notice.TaskId);
        db.Notifications.Add(notification);
        if (r.UnitId is { } unitId)
            foreach (var c in (await ChannelsAsync(ct))[unitId])
                db.OutboxMessages.Add(new OutboxMessage(notification.Id, c.Channel, c.Destination, now, c.Format));
        if (!_emails.TryGetValue(r, out var emails)) _emails[r] = emails = await EmailsOfAsync(r, ct);
        foreach (var email in emails)
            db.OutboxMessages.Add(new OutboxMessage(notification.Id, DeliveryChannel.Email, email, now));
        return notification;
    }


    private async Task<ILookup<Guid, UnitChannel>> ChannelsAsync(CancellationToken ct) =>
        _channels ??= (await db.UnitChannels.AsNoTracking().Where(c => c.Enabled).ToListAsync(ct)).ToLookup(c => c.UnitId);

    private async Task<List<PlannedNotice>> UnrecordedAsync(IReadOnlyList<PlannedNotice> notices, CancellationToken ct)
    {
        var keys = notices.Select(n => n.DedupKey).Distinct().ToList();
        var existing = new HashSet<string>();
        foreach (var chunk in keys.Chunk(500))
            existing.UnionWith(await db.Notifications.Where(n => chunk.Contains(n.DedupKey)).Select(n => n.DedupKey).ToListAsync(ct));
        return notices.DistinctBy(n => n.DedupKey).Where(n => !existing.Contains(n.DedupKey)).ToList();
    }

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
