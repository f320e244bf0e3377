using System.Collections.Concurrent;
using System.Linq.Expressions;
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
        else MustSeeTasks(user);
        return tasks;
    }

    /// <summary>Who may list tasks at all (<see cref="Visible"/> narrows unit staff to their unit).</summary>
    public static void MustSeeTasks(ICurrentUser user)
    {
        if (!Roles.All.Contains(user.Role)) throw new ForbiddenException("无权查看任务");
    }

    /// <summary>
    /// A page of one unit's list, unfiltered, in the list's order, and the unit's total: the tasks it takes part in whose
    /// plan is not a draft (what <see cref="Visible"/> gives its staff). The total is the unit's <see cref="UnitTally"/>,
    /// kept with every change of the tasks and their units; the page reads the unit's entries of the TaskUnits index
    /// (UnitId, ListDeadline, PlanId, Sequence, TaskId), which carries the order, takes its twenty and joins only those to
    /// their task, plan and leader; a third statement reads the page's units by task id. The units once came in the
    /// page's own statement (a row per unit): PostgreSQL then spent 0.85 ms planning that six-table join for every
    /// request (its generic plan, costed for an unknown OFFSET, never won), twice the execution, and the list ran at 786
    /// requests a second at 1M tasks; apart, the two statements plan in about 0.3 ms. SQLite is as fast either way.
    /// A row's units may come from a later snapshot than the row, as on every other list path (CompleteAsync).
    /// Compiled once: a list request is a few milliseconds of which EF's query pipeline (expression trees, cache keys,
    /// SQL generation) took most.
    /// </summary>
    public static async Task<(int Total, List<TaskRow> Rows)> UnitPageAsync(PolicyTrackerDbContext db, Guid unit, int page, int pageSize,
        CountyClock clock, TrackingOptions options, CancellationToken ct)
    {
        var rows = new List<UnitPageRow>();
        var units = new List<UnitOfTask>();
        var total = 0;
        // One connection for the three statements rather than one opened (and set up) per statement.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (await UnitHead(db, unit, ct) is { } head)
            {
                total = head.Total;
                await foreach (var row in UnitPage(db, unit, head.Drafts, (page - 1) * pageSize, pageSize).WithCancellation(ct)) rows.Add(row);
                if (rows.Count > 0) units = await UnitsOfAsync(db, rows.Select(r => r.Task.Id).ToList(), ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var byTask = units.ToLookup(u => u.TaskId);
        var today = clock.Today;
        return (total, rows.Select(r => ToRow(r.Task, r.LeaderName, byTask[r.Task.Id], today, clock, options)).ToList());
    }

    /// <summary>A unit's total (its tally: published plans only) and whether any plan is a draft, read in one statement.</summary>
    private sealed class Head
    {
        public int Total { get; init; }
        public bool Drafts { get; init; }
    }

    // Counting the unit's index entries instead took 0.34 ms per list request for a unit with 6,900 of them (SQLite, 1M
    // tasks; `bench dashboard` times both), against 0.81 ms for the whole page now. The unit's row is only the statement's
    // anchor.
    private static readonly Func<PolicyTrackerDbContext, Guid, CancellationToken, Task<Head?>> UnitHead =
        EF.CompileAsyncQuery((PolicyTrackerDbContext db, Guid unit, CancellationToken ct) =>
            db.Units.Where(x => x.Id == unit)
                .Select(x => new Head
                {
                    Total = db.UnitTallies.Where(t => t.UnitId == unit).Select(t => t.Count).FirstOrDefault(),
                    Drafts = db.Plans.Any(p => p.Status == PlanStatus.Draft),
                })
                .FirstOrDefault());

    // Drafts under review are the exception (a publish turns its plans from draft to published in one transaction), so
    // "not in a draft plan" is tested only while one exists (besideDrafts): the engines evaluate the OR from the left and
    // never build the drafts' list otherwise, which with the probe per entry cost SQLite a third of the page's own work
    // (1M tasks). With drafts, "not in" (the drafts' ids) is a small list both engines build once per statement
    // (PostgreSQL as a hashed subplan: the unit's entries drive the plan, so the NULL semantics that kept it from an
    // anti-join over the task table in Visible do not matter here).
    private static readonly Expression<Func<PolicyTrackerDbContext, Guid, bool, int, int, IQueryable<UnitPageRow>>> UnitPageQuery =
        (db, unit, besideDrafts, skip, take) =>
            from u in db.TaskUnits
                .Where(u => u.UnitId == unit && (!besideDrafts || !db.Plans.Where(p => p.Status != PlanStatus.Published).Select(p => p.Id).Contains(u.PlanId)))
                .OrderBy(u => u.ListDeadline).ThenBy(u => u.PlanId).ThenBy(u => u.Sequence)
                .Skip(skip).Take(take)
            join t in db.Tasks on u.TaskId equals t.Id
            join p in db.Plans on t.PlanId equals p.Id
            join l in db.Leaders on t.LeaderId equals l.Id into leaders
            from l in leaders.DefaultIfEmpty()
            orderby u.ListDeadline, u.PlanId, u.Sequence
            select new UnitPageRow
            {
                Task = new Flat
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
                },
                LeaderName = l.Name,
            };

    private static readonly Func<PolicyTrackerDbContext, Guid, bool, int, int, IAsyncEnumerable<UnitPageRow>> AnyUnitPage =
        EF.CompileAsyncQuery(UnitPageQuery);

    // PostgreSQL plans a prepared statement again at every execution while its generic plan, costed without the
    // parameters' values, looks dearer than the plans made for them; it costs an OFFSET or LIMIT parameter as a tenth of
    // the unit's entries, so with them the page's generic plan never won and each request paid 0.5 ms of planning for
    // 0.2 ms of execution (EXPLAIN at 100k tasks). Written into the statement as numbers, they let it keep the generic
    // plan. The first pages of each size are compiled so, a few dozen statements at most (Npgsql prepares up to 64 per
    // connection); deeper pages share the statement with parameters. SQLite prepares every statement anew either way.
    private const int InlinePages = 5;
    private const int InlineStatements = 32;
    private static readonly ConcurrentDictionary<(int Skip, int Take), Func<PolicyTrackerDbContext, Guid, bool, IAsyncEnumerable<UnitPageRow>>> FirstPages = new();

    private static IAsyncEnumerable<UnitPageRow> UnitPage(PolicyTrackerDbContext db, Guid unit, bool besideDrafts, int skip, int take)
    {
        var key = (skip, take);
        if (skip < InlinePages * take && (FirstPages.TryGetValue(key, out var inline) || FirstPages.Count < InlineStatements))
            return (inline ?? FirstPages.GetOrAdd(key, k => CompileWithNumbers(k.Skip, k.Take)))(db, unit, besideDrafts);
        return AnyUnitPage(db, unit, besideDrafts, skip, take);
    }

    private static Func<PolicyTrackerDbContext, Guid, bool, IAsyncEnumerable<UnitPageRow>> CompileWithNumbers(int skip, int take)
    {
        var (db, unit, besideDrafts) = (UnitPageQuery.Parameters[0], UnitPageQuery.Parameters[1], UnitPageQuery.Parameters[2]);
        var body = new Substitution(new Dictionary<ParameterExpression, Expression>
        {
            [UnitPageQuery.Parameters[3]] = Expression.Constant(skip),
            [UnitPageQuery.Parameters[4]] = Expression.Constant(take),
        }).Visit(UnitPageQuery.Body);
        return EF.CompileAsyncQuery(Expression.Lambda<Func<PolicyTrackerDbContext, Guid, bool, IQueryable<UnitPageRow>>>(body, db, unit, besideDrafts));
    }

    /// <summary>Puts the given expressions where the lambda's parameters stood.</summary>
    private sealed class Substitution(Dictionary<ParameterExpression, Expression> values) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => values.GetValueOrDefault(node, node);
    }

    /// <summary>A task of a unit's page with its leader's name.</summary>
    internal sealed class UnitPageRow
    {
        public Flat Task { get; init; } = null!;
        public string? LeaderName { get; init; }
    }

    /// <summary>A unit taking part in a task, with its name.</summary>
    internal sealed class UnitOfTask
    {
        public Guid TaskId { get; init; }
        public UnitRole Role { get; init; }
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
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
        var units = await UnitsOfAsync(db, flats.Select(f => f.Id).ToList(), ct);
        var leaderIds = flats.Where(f => f.LeaderId != null).Select(f => f.LeaderId!.Value).Distinct().ToList();
        var leaders = leaderIds.Count == 0 ? []
            : await db.Leaders.AsNoTracking().Where(l => leaderIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var byTask = units.ToLookup(u => u.TaskId);
        var today = clock.Today;
        return flats.Select(f => ToRow(f, f.LeaderId is { } l && leaders.TryGetValue(l, out var name) ? name : null, byTask[f.Id], today, clock, options))
            .ToList();
    }

    /// <summary>The units taking part in the given tasks, with their names.</summary>
    private static async Task<List<UnitOfTask>> UnitsOfAsync(PolicyTrackerDbContext db, List<Guid> taskIds, CancellationToken ct)
    {
        var units = new List<UnitOfTask>();
        await foreach (var u in UnitsOf(db, taskIds).WithCancellation(ct)) units.Add(u);
        return units;
    }

    private static readonly Func<PolicyTrackerDbContext, List<Guid>, IAsyncEnumerable<UnitOfTask>> UnitsOf =
        EF.CompileAsyncQuery((PolicyTrackerDbContext db, List<Guid> taskIds) =>
            from tu in db.TaskUnits.AsNoTracking()
            join u in db.Units on tu.UnitId equals u.Id
            where taskIds.Contains(tu.TaskId)
            select new UnitOfTask { TaskId = tu.TaskId, Role = tu.Role, Id = u.Id, Name = u.Name });

    private static TaskRow ToRow(Flat f, string? leaderName, IEnumerable<UnitOfTask> units, DateOnly today, CountyClock clock, TrackingOptions options) =>
        new(f.Id, f.PlanId, f.PlanTitle ?? f.NoticeTitle ?? "", f.Sequence, f.Title, f.Text, f.Status,
            f.PercentComplete, f.Deadline, f.DeadlineText, f.Ongoing, f.LeaderId, leaderName,
            units.Where(u => u.Role == UnitRole.Lead).Select(u => new UnitRef(u.Id, u.Name)).ToList(),
            units.Where(u => u.Role == UnitRole.Co).Select(u => new UnitRef(u.Id, u.Name)).ToList(),
            f.AcknowledgedAt, f.LastProgressAt, LightOf(f, clock, options),
            f.Status != TrackingStatus.Completed && f.Deadline is { } d && d < today, f.Grade, f.Version,
            f.AcknowledgedAt is null && f.PublishedAt is { } at ? clock.DayOf(at).AddDays(options.AcknowledgeWithinDays) : null);

    /// <summary>Rows for a query already filtered and ordered.</summary>
    public static async Task<List<TaskRow>> ToRowsAsync(PolicyTrackerDbContext db, IQueryable<PlanTask> tasks, CountyClock clock,
        TrackingOptions options, CancellationToken ct) =>
        await CompleteAsync(db, await Flatten(db, tasks).ToListAsync(ct), clock, options, ct);
}
