using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

public sealed record UnitRef(Guid Id, string Name);

/// <summary>
/// A task as lists show it, with its warning light and overdue flag derived from today's date; <c>AcknowledgeBy</c> is
/// the day 签收 is due (13710 rhythm, TrackingOptions.AcknowledgeWithinDays after publishing) while it is outstanding.
/// </summary>
public sealed record TaskRow(Guid Id, Guid PlanId, string PlanTitle, int Sequence, string? Title, string Text, TrackingStatus Status,
    int PercentComplete, DateOnly? Deadline, string? DeadlineText, bool Ongoing, Guid? LeaderId, string? LeaderName,
    IReadOnlyList<UnitRef> LeadUnits, IReadOnlyList<UnitRef> CoUnits, DateTimeOffset? AcknowledgedAt, DateTimeOffset? LastProgressAt,
    WarningLight Light, bool Overdue, CompletionGrade? Grade, Guid Version, DateOnly? AcknowledgeBy);

/// <summary>Shared reading of tasks: the unit-scoped base query and the projection to <see cref="TaskRow"/>.</summary>
public static class TaskRows
{
    /// <summary>Published tasks the caller may see: unit staff only those their unit takes part in (AccessRules.MustSee).</summary>
    public static IQueryable<PlanTask> Visible(PolicyTrackerDbContext db, ICurrentUser user)
    {
        // "Not in a draft plan" rather than "its plan is published": every task has a plan, and the drafts under
        // review are a handful. SQLite builds that small set once per query where a correlated EXISTS looks the plan up
        // again for every task it tests (half the list page's time at 100k tasks). PostgreSQL cannot turn NOT IN
        // (subquery) into an anti-join (NULL semantics), plans it as a filter and, with that filter on the task table,
        // scanned all million tasks for one unit's list (EXPLAIN ANALYZE at 1M); NOT EXISTS is an anti-join there and
        // lets it start from the unit's rows and look tasks up by key.
        var tasks = db.Database.IsNpgsql()
            ? db.Tasks.AsNoTracking().Where(t => !db.Plans.Any(p => p.Id == t.PlanId && p.Status != PlanStatus.Published))
            : db.Tasks.AsNoTracking().Where(t => !db.Plans.Where(p => p.Status != PlanStatus.Published).Select(p => p.Id).Contains(t.PlanId));
        if (user.Role == Roles.UnitStaff)
        {
            var unit = user.UnitId ?? Guid.Empty;
            // "Id IN (the unit's task ids)" lets the engine start from the unit's few thousand rows (TaskUnits index)
            // and look tasks up by key, where a correlated EXISTS can end up testing every task of a province.
            tasks = tasks.Where(t => db.TaskUnits.Where(u => u.UnitId == unit).Select(u => u.TaskId).Contains(t.Id));
        }
        else if (!Roles.All.Contains(user.Role)) throw new ForbiddenException("无权查看任务");
        return tasks;
    }

    /// <summary>
    /// The unit rows of <paramref name="unit"/> whose task is visible (not in a draft plan), in the index that orders a
    /// unit's list: the same set <see cref="Visible"/> gives a unit's staff, read without visiting the tasks. The
    /// draft filter is written per engine as in <see cref="Visible"/>.
    /// </summary>
    public static IQueryable<TaskUnit> ListedFor(PolicyTrackerDbContext db, Guid unit)
    {
        var rows = db.TaskUnits.AsNoTracking().Where(u => u.UnitId == unit);
        return db.Database.IsNpgsql()
            ? rows.Where(u => !db.Plans.Any(p => p.Id == u.PlanId && p.Status != PlanStatus.Published))
            : rows.Where(u => !db.Plans.Where(p => p.Status != PlanStatus.Published).Select(p => p.Id).Contains(u.PlanId));
    }

    // A class with init properties, not a positional record: EF can order and filter by its members in SQL.
    internal sealed class Flat
    {
        public Guid Id { get; init; }
        public Guid PlanId { get; init; }
        public string? PlanTitle { get; init; }
        public string? NoticeTitle { get; init; }
        public DateTimeOffset? PublishedAt { get; init; }
        public int Sequence { get; init; }
        public string? Title { get; init; }
        public string Text { get; init; } = "";
        public TrackingStatus Status { get; init; }
        public int PercentComplete { get; init; }
        public DateOnly? Deadline { get; init; }
        public string? DeadlineText { get; init; }
        public bool Ongoing { get; init; }
        public Guid? LeaderId { get; init; }
        public DateTimeOffset? AcknowledgedAt { get; init; }
        public DateTimeOffset? LastProgressAt { get; init; }
        public CompletionGrade? Grade { get; init; }
        public Guid Version { get; init; }
    }

    internal static IQueryable<Flat> Flatten(PolicyTrackerDbContext db, IQueryable<PlanTask> tasks) =>
        from t in tasks
        join p in db.Plans on t.PlanId equals p.Id
        select new Flat
        {
            Id = t.Id,
            PlanId = t.PlanId,
            PlanTitle = p.PlanTitle,
            NoticeTitle = p.NoticeTitle,
            PublishedAt = p.PublishedAt,
            Sequence = t.Sequence,
            Title = t.Title,
            Text = t.Text,
            Status = t.Status,
            PercentComplete = t.PercentComplete,
            Deadline = t.Deadline,
            DeadlineText = t.DeadlineText,
            Ongoing = t.Ongoing,
            LeaderId = t.LeaderId,
            AcknowledgedAt = t.AcknowledgedAt,
            LastProgressAt = t.LastProgressAt,
            Grade = t.Grade,
            Version = t.Version,
        };

    /// <summary>
    /// The light of a task from the few columns it depends on; the "behind schedule" rule measures time from the day
    /// the plan was published, the day the units received the task.
    /// </summary>
    internal static WarningLight LightOf(Flat f, CountyClock clock, TrackingOptions options)
    {
        var probe = Probe(f.Status, f.PercentComplete, f.Deadline);
        return probe.Light(clock.Today, options.Thresholds, f.PublishedAt is { } at ? clock.DayOf(at) : null);
    }

    private static PlanTask Probe(TrackingStatus status, int percent, DateOnly? deadline) =>
        PlanTask.ForLight(status, percent, deadline);

    /// <summary>Completes flat rows with unit and leader names: two more queries for the whole page, not one per row.</summary>
    internal static async Task<List<TaskRow>> CompleteAsync(PolicyTrackerDbContext db, IReadOnlyList<Flat> flats, CountyClock clock,
        TrackingOptions options, CancellationToken ct)
    {
        var ids = flats.Select(f => f.Id).ToList();
        var units = await (from tu in db.TaskUnits.AsNoTracking()
                           join u in db.Units on tu.UnitId equals u.Id
                           where ids.Contains(tu.TaskId)
                           select new { tu.TaskId, tu.Role, u.Id, u.Name }).ToListAsync(ct);
        var leaderIds = flats.Where(f => f.LeaderId != null).Select(f => f.LeaderId!.Value).Distinct().ToList();
        var leaders = leaderIds.Count == 0 ? []
            : await db.Leaders.AsNoTracking().Where(l => leaderIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var byTask = units.ToLookup(u => u.TaskId);
        var today = clock.Today;
        return flats.Select(f => new TaskRow(f.Id, f.PlanId, f.PlanTitle ?? f.NoticeTitle ?? "", f.Sequence, f.Title, f.Text, f.Status,
            f.PercentComplete, f.Deadline, f.DeadlineText, f.Ongoing, f.LeaderId,
            f.LeaderId is { } l && leaders.TryGetValue(l, out var name) ? name : null,
            byTask[f.Id].Where(u => u.Role == UnitRole.Lead).Select(u => new UnitRef(u.Id, u.Name)).ToList(),
            byTask[f.Id].Where(u => u.Role == UnitRole.Co).Select(u => new UnitRef(u.Id, u.Name)).ToList(),
            f.AcknowledgedAt, f.LastProgressAt, LightOf(f, clock, options),
            f.Status != TrackingStatus.Completed && f.Deadline is { } d && d < today, f.Grade, f.Version,
            f.AcknowledgedAt is null && f.PublishedAt is { } at ? clock.DayOf(at).AddDays(options.AcknowledgeWithinDays) : null)).ToList();
    }

    /// <summary>Rows for a query already filtered and ordered.</summary>
    public static async Task<List<TaskRow>> ToRowsAsync(PolicyTrackerDbContext db, IQueryable<PlanTask> tasks, CountyClock clock,
        TrackingOptions options, CancellationToken ct) =>
        await CompleteAsync(db, await Flatten(db, tasks).ToListAsync(ct), clock, options, ct);
}
