using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>A live task with its plan and the county day it was published, as reports and the missed-report list read them.</summary>
public sealed record TrackedTask(PlanTask Task, Plan Plan, DateOnly PublishedOn)
{
    public string Label => $"《{Plan.Title}》第{Task.Sequence}项：{Shorten(Task.Title ?? Task.Text, 60)}";

    private static string Shorten(string text, int max) => text.Length > max ? text[..max] + "…" : text;
}

/// <summary>A published plan as the reminder jobs read it, with the county day it was published.</summary>
public sealed record ScannedPlan(Guid Id, string Title, DateTimeOffset PublishedAt, DateOnly PublishedOn, IReadOnlyList<ReportingCycle> ReportingCycles)
{
    /// <summary>Orders plans as the database orders their ids (uuid and upper-case text alike), so lists read the same on both engines.</summary>
    public string SortKey { get; } = Id.ToString("N");
}

/// <summary>One of a task's units and its role.</summary>
public readonly record struct ScannedUnit(Guid UnitId, UnitRole Role);

/// <summary>
/// A live task as the reminder scans read it: only the columns a notice is computed from, so a scan over a province
/// reads narrow rows instead of whole entities with their change tracking.
/// </summary>
public sealed record ScannedTask(Guid Id, int Sequence, string? Title, string Text, TrackingStatus Status, DateOnly? Deadline,
    Guid? LeaderId, DateTimeOffset? AcknowledgedAt, IReadOnlyList<ScannedUnit> Units, ScannedPlan Plan)
{
    public DateOnly PublishedOn => Plan.PublishedOn;

    public IEnumerable<Guid> LeadUnitIds => Units.Where(u => u.Role == UnitRole.Lead).Select(u => u.UnitId);

    public bool IsOverdue(DateOnly today) => Status != TrackingStatus.Completed && Deadline is { } d && d < today;

    public string Label => $"《{Plan.Title}》第{Sequence}项：{Shorten(Title ?? Text, 60)}";

    private static string Shorten(string text, int max) => text.Length > max ? text[..max] + "…" : text;
}

/// <summary>Reads the current data every reminder is computed from, so a changed deadline, unit or status changes what is due.</summary>
public static class TrackedTasks
{
    /// <summary>Tasks read per query when a job walks a range of deadlines, so memory stays bounded whatever the range holds.</summary>
    public const int ChunkSize = 5_000;

    /// <param name="where">the caller's own condition, applied in SQL</param>
    public static async Task<List<TrackedTask>> LoadAsync(PolicyTrackerDbContext db, CountyClock clock, CancellationToken ct,
        Expression<Func<PlanTask, bool>>? where = null)
    {
        var plans = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Published).ToDictionaryAsync(p => p.Id, ct);
        var query = db.Tasks.AsNoTracking().Include(t => t.Units)
            .Where(t => db.Plans.Any(p => p.Id == t.PlanId && p.Status == PlanStatus.Published));
        if (where is not null) query = query.Where(where);
        var tasks = await query.OrderBy(t => t.PlanId).ThenBy(t => t.Sequence).ToListAsync(ct);
        return tasks.Select(t => new TrackedTask(t, plans[t.PlanId], clock.DayOf(plans[t.PlanId].PublishedAt ?? plans[t.PlanId].CreatedAt))).ToList();
    }

    /// <summary>The published plans by id (a province has thousands, not millions).</summary>
    public static async Task<Dictionary<Guid, ScannedPlan>> PublishedPlansAsync(PolicyTrackerDbContext db, CountyClock clock, CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Published).ToListAsync(ct);
        return plans.ToDictionary(p => p.Id, p =>
        {
            var publishedAt = p.PublishedAt ?? p.CreatedAt;
            return new ScannedPlan(p.Id, p.Title, publishedAt, clock.DayOf(publishedAt), p.ReportingCycles.ToList());
        });
    }

    /// <summary>
    /// The <paramref name="tasks"/> of published plans, ordered by plan and sequence. Unpublished plans are left out
    /// here rather than in SQL, so the engine can answer the job's condition from its index alone.
    /// </summary>
    /// <param name="tasks">
    /// the tasks filtered by the job's own condition, applied in SQL so a job reads the few tasks it can act on (a
    /// deadline window, the overdue ones, the plans published on a given day) rather than every task of a province
    /// </param>
    public static async Task<List<ScannedTask>> ScanAsync(PolicyTrackerDbContext db, IQueryable<PlanTask> tasks, IReadOnlyDictionary<Guid, ScannedPlan> plans,
        CancellationToken ct)
    {
        // Unordered in SQL: asked to order by plan and sequence, SQLite walked the (plan, status, deadline) index once
        // per plan of the province instead of the job's (status, deadline) range; the chunk is sorted below instead.
        var rows = await tasks.AsNoTracking()
            .Select(t => new { t.Id, t.PlanId, t.Sequence, t.Title, t.Text, t.Status, t.Deadline, t.LeaderId, t.AcknowledgedAt })
            .ToListAsync(ct);
        // The unit rows of the same tasks in one query of their own: joined into the task query, each task's columns
        // (its text) came back once per unit and EF matched every row to its task, which cost more than the rows. By
        // the ids just read (one array parameter) rather than by the job's condition again: that ran the task query a
        // second time, each task's row read only for its id.
        var ids = rows.Select(r => r.Id).ToList();
        var units = new Dictionary<Guid, List<ScannedUnit>>(rows.Count);
        var unitRows = db.TaskUnits.AsNoTracking().Where(u => EF.Parameter(ids).Contains(u.TaskId))
            .Select(u => new { u.TaskId, u.UnitId, u.Role }).AsAsyncEnumerable();
        await foreach (var u in unitRows.WithCancellation(ct))
        {
            if (!units.TryGetValue(u.TaskId, out var list)) units[u.TaskId] = list = new List<ScannedUnit>(2);
            list.Add(new ScannedUnit(u.UnitId, u.Role));
        }
        var result = new List<ScannedTask>(rows.Count);
        foreach (var r in rows)
            if (plans.TryGetValue(r.PlanId, out var plan))
                result.Add(new ScannedTask(r.Id, r.Sequence, r.Title, r.Text, r.Status, r.Deadline, r.LeaderId, r.AcknowledgedAt,
                    units.TryGetValue(r.Id, out var taskUnits) ? taskUnits : [], plan));
        // Plan order as the database orders plan ids (ScannedPlan.SortKey), then sequence.
        result.Sort((a, b) => string.CompareOrdinal(a.Plan.SortKey, b.Plan.SortKey) is var plan and not 0 ? plan : a.Sequence.CompareTo(b.Sequence));
        return result;
    }

    /// <summary>
    /// The tasks matching <paramref name="where"/> with a deadline from <paramref name="from"/> to <paramref name="to"/>,
    /// a chunk of consecutive deadline days at a time (about <see cref="ChunkSize"/> tasks, or one busier day), each
    /// chunk ordered by plan and sequence. A job records a chunk's notices before reading the next, so its memory is
    /// bounded by a chunk, not by the range. Counting the days first reads only the (status, deadline) index.
    /// </summary>
    /// <param name="wanted">the deadline days the job can act on within the range; a chunk never spans a day left out</param>
    public static async IAsyncEnumerable<List<ScannedTask>> ByDeadlineAsync(PolicyTrackerDbContext db,
        IReadOnlyDictionary<Guid, ScannedPlan> plans, Expression<Func<PlanTask, bool>> where, DateOnly from, DateOnly to,
        Func<DateOnly, bool>? wanted, [EnumeratorCancellation] CancellationToken ct)
    {
        wanted ??= _ => true;
        if (from > to) yield break;
        var days = await db.Tasks.Where(where).Where(t => t.Deadline >= from && t.Deadline <= to)
            .GroupBy(t => t.Deadline).Select(g => new { Day = g.Key!.Value, Count = g.Count() })
            .OrderBy(d => d.Day).ToListAsync(ct);
        var i = 0;
        while (i < days.Count)
        {
            if (!wanted(days[i].Day))
            {
                i++;
                continue;
            }
            var (first, count) = (days[i].Day, days[i].Count);
            var last = first;
            for (i++; i < days.Count && wanted(days[i].Day) && count + days[i].Count <= ChunkSize; i++)
                (last, count) = (days[i].Day, count + days[i].Count);
            var (a, b) = (first, last);
            yield return await ScanAsync(db, db.Tasks.Where(where).Where(t => t.Deadline >= a && t.Deadline <= b), plans, ct);
        }
    }

    /// <summary>Open tasks: the statuses spelled out, so the engine answers them from the (status, deadline) index.</summary>
    public static readonly Expression<Func<PlanTask, bool>> Open = t => t.Status == TrackingStatus.NotStarted || t.Status == TrackingStatus.InProgress;

    /// <summary>Not completed, spelled out for the same reason.</summary>
    public static readonly Expression<Func<PlanTask, bool>> NotCompleted = t =>
        t.Status == TrackingStatus.NotStarted || t.Status == TrackingStatus.InProgress || t.Status == TrackingStatus.CompletionRequested;

    public static async Task<Dictionary<Guid, string>> UnitNamesAsync(PolicyTrackerDbContext db, CancellationToken ct) =>
        await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);

    public static string Names(IEnumerable<Guid> ids, IReadOnlyDictionary<Guid, string> names) =>
        string.Join("、", ids.Select(id => names.GetValueOrDefault(id, "未知单位")));
}
