using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>A live task with its plan and the county day it was published, as the reminder jobs read them.</summary>
public sealed record TrackedTask(PlanTask Task, Plan Plan, DateOnly PublishedOn)
{
    public string Label => $"《{Plan.Title}》第{Task.Sequence}项：{Shorten(Task.Title ?? Task.Text, 60)}";

    private static string Shorten(string text, int max) => text.Length > max ? text[..max] + "…" : text;
}

/// <summary>Reads the current data every reminder is computed from, so a changed deadline, unit or status changes what is due.</summary>
public static class TrackedTasks
{
    /// <param name="where">
    /// the job's own condition, applied in SQL so a job reads the few tasks it can act on (a deadline window, the overdue
    /// ones) rather than every task of a province
    /// </param>
    public static async Task<List<TrackedTask>> LoadAsync(PolicyTrackerDbContext db, CountyClock clock, CancellationToken ct,
        System.Linq.Expressions.Expression<Func<PlanTask, bool>>? where = null)
    {
        var plans = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Published).ToDictionaryAsync(p => p.Id, ct);
        var query = db.Tasks.AsNoTracking().Include(t => t.Units)
            .Where(t => db.Plans.Any(p => p.Id == t.PlanId && p.Status == PlanStatus.Published));
        if (where is not null) query = query.Where(where);
        var tasks = await query.OrderBy(t => t.PlanId).ThenBy(t => t.Sequence).ToListAsync(ct);
        return tasks.Select(t => new TrackedTask(t, plans[t.PlanId], clock.DayOf(plans[t.PlanId].PublishedAt ?? plans[t.PlanId].CreatedAt))).ToList();
    }

    public static async Task<Dictionary<Guid, string>> UnitNamesAsync(PolicyTrackerDbContext db, CancellationToken ct) =>
        await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);

    public static string Names(IEnumerable<Guid> ids, IReadOnlyDictionary<Guid, string> names) =>
        string.Join("、", ids.Select(id => names.GetValueOrDefault(id, "未知单位")));
}
