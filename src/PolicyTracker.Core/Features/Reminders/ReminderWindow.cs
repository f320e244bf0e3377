using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>A notice and the county day it was due to go out.</summary>
public sealed record DueNotice(DateOnly SendDay, PlannedNotice Notice);

/// <summary>
/// The days one run of a reminder job covers. Notices due from <see cref="From"/> to <see cref="Today"/> are sent one by
/// one (those due before today marked late); days missed longer ago than the horizon (<see cref="StaleFrom"/> to
/// <see cref="StaleTo"/>) are summarized in one digest per recipient. The last covered day is covered again, so a
/// change made after yesterday's run (a task published, a deadline moved) still yields its notice.
/// </summary>
public sealed record ReminderWindow(string Job, DateOnly Today, DateOnly From, DateOnly? StaleFrom, DateOnly? StaleTo)
{
    public DateOnly Earliest => StaleFrom ?? From;

    public static ReminderWindow Compute(string job, DateOnly? lastDay, DateOnly today, int horizonDays)
    {
        if (lastDay is not { } last || last >= today) return new(job, today, today, null, null);
        var horizonStart = today.AddDays(-Math.Max(0, horizonDays));
        var from = last > horizonStart ? last : horizonStart;
        var staleFrom = last.AddDays(1);
        var staleTo = horizonStart.AddDays(-1);
        return staleFrom <= staleTo ? new(job, today, from, staleFrom, staleTo) : new(job, today, from, null, null);
    }

    public static async Task<ReminderWindow> OpenAsync(PolicyTrackerDbContext db, string job, DateOnly today, int horizonDays, CancellationToken ct)
    {
        var last = await db.JobCheckpoints.AsNoTracking().Where(c => c.Job == job).Select(c => (DateOnly?)c.LastDay).FirstOrDefaultAsync(ct);
        return Compute(job, last, today, horizonDays);
    }

    /// <summary>
    /// The notices to record: on-time and late ones individually, stale ones as digests. A stale digest's key names
    /// the missed days, so two instances catching up the same gap write the same digest once.
    /// </summary>
    public IReadOnlyList<PlannedNotice> Plan(IEnumerable<DueNotice> due)
    {
        var list = due.ToList();
        return [.. Individually(list), .. Digests(list.Where(IsStale))];
    }

    /// <summary>The on-time and late notices among <paramref name="due"/>, each on its own; late ones say they are late (补发).</summary>
    public IReadOnlyList<PlannedNotice> Individually(IEnumerable<DueNotice> due) =>
        due.Where(d => d.SendDay >= From && d.SendDay <= Today).OrderBy(d => d.SendDay)
            .Select(d => d.SendDay < Today
                ? d.Notice with { Title = d.Notice.Title + "（补发）", Body = $"原定于{d.SendDay:yyyy年M月d日}发送，因系统未运行延后补发。\n{d.Notice.Body}" }
                : d.Notice)
            .ToList();

    /// <summary>Whether a notice falls in the stale days, so it goes out in a digest rather than on its own.</summary>
    public bool IsStale(DueNotice d) => IsStale(d.SendDay);

    /// <summary>Whether notices due on <paramref name="sendDay"/> go out in a digest rather than on their own.</summary>
    public bool IsStale(DateOnly sendDay) => StaleFrom is { } sf && StaleTo is { } st && sendDay >= sf && sendDay <= st;

    /// <summary>
    /// One digest per recipient of the stale notices among <paramref name="due"/> (their bodies are not used, so a
    /// job that streams may drop them), lines by day and then in the order given.
    /// </summary>
    public IReadOnlyList<PlannedNotice> Digests(IEnumerable<DueNotice> due)
    {
        var result = new List<PlannedNotice>();
        if (StaleFrom is not { } sf || StaleTo is not { } st) return result;
        foreach (var group in due.Where(IsStale).GroupBy(d => d.Notice.Recipient))
        {
            var lines = group.OrderBy(d => d.SendDay).Select(d => $"· {d.SendDay:M月d日} {d.Notice.Title}");
            result.Add(new PlannedNotice($"digest:{Job}:{group.Key.Key}:{sf:yyyyMMdd}-{st:yyyyMMdd}", "digest",
                $"系统未运行期间（{sf:M月d日}—{st:M月d日}）未发送的提醒汇总（{group.Count()}条）",
                "以下提醒因系统未运行未能按时发送，现汇总告知，请核对相关任务的当前状态：\n" + string.Join("\n", lines),
                group.Key));
        }
        return result;
    }

    /// <summary>Marks today as covered. Another instance advancing it first is fine: both covered the same days.</summary>
    public async Task CloseAsync(PolicyTrackerDbContext db, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var checkpoint = await db.JobCheckpoints.FirstOrDefaultAsync(c => c.Job == Job, ct);
        if (checkpoint is null) db.JobCheckpoints.Add(new JobCheckpoint(Job, Today));
        else if (checkpoint.LastDay < Today) checkpoint.Advance(Today);
        else return;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
        }
        catch (DbUpdateException e) when (NotificationRecorder.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>
/// The stale notices a job collects while it reads tasks a chunk at a time, for the digests at the end: kept without
/// their bodies (a digest lists titles), with each task's place in its plan so the digest lists them in plan order
/// whichever order the chunks came in.
/// </summary>
public sealed class StaleNotices
{
    private readonly List<(DueNotice Due, string Plan, int Sequence)> _items = [];

    public void Add(DueNotice due, ScannedTask task) =>
        _items.Add((due with { Notice = due.Notice with { Body = "" } }, task.Plan.SortKey, task.Sequence));

    public void Add(DueNotice due) => _items.Add((due with { Notice = due.Notice with { Body = "" } }, "", 0));

    public IEnumerable<DueNotice> InPlanOrder =>
        _items.OrderBy(i => i.Plan, StringComparer.Ordinal).ThenBy(i => i.Sequence).Select(i => i.Due);
}
