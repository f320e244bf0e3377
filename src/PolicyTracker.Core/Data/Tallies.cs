using PolicyTracker.Core;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Data;

/// <summary>
/// Counts of the published tasks by status and acknowledgement, kept in step with the tasks by
/// <see cref="TallyInterceptor"/> in the transaction of every change, so a dashboard sums a few hundred rows instead
/// of scanning every task. One row set is county-wide (<see cref="County"/>), one per lead unit (a task with two lead
/// units counts for each). Every task is counted under <see cref="AnyDeadline"/>, a task without a deadline also
/// under <see cref="NoDeadline"/>; what depends on the deadline (overdue, a period's league table) is in
/// <see cref="PeriodTally"/>.
/// </summary>
public sealed class TaskTally
{
    /// <summary>The unit id of the county-wide rows.</summary>
    public static readonly Guid County = Guid.Empty;

    /// <summary>Stands for "no deadline" in keys, which must not be null for the upsert's conflict target.</summary>
    public static readonly DateOnly NoDeadline = DateOnly.MaxValue;

    /// <summary>Every task is counted under this deadline, so totals by status need a few rows per unit.</summary>
    public static readonly DateOnly AnyDeadline = DateOnly.MaxValue.AddDays(-1);

    public Guid UnitId { get; set; }
    public DateOnly Deadline { get; set; }
    public TrackingStatus Status { get; set; }
    public bool Acknowledged { get; set; }
    public int Count { get; set; }
    /// <summary>Closed on or before a deadline.</summary>
    public int OnTime { get; set; }
    /// <summary>Closed after the deadline.</summary>
    public int Late { get; set; }
    public int Graded { get; set; }
    /// <summary>Grade points, 优秀 4 … 不合格 1.</summary>
    public int Points { get; set; }
}

/// <summary>
/// Open tasks with a deadline by the day they fall behind schedule (<see cref="PlanTask.BehindFrom"/>), each counted
/// twice: under its deadline and under <see cref="AnyDeadline"/>. Yellow today is then a handful of sums whatever the
/// number of tasks: due soon (deadline within the window), plus behind schedule (falling behind on or before today,
/// less those already red, less those already counted as due soon); see GetSummary.
/// </summary>
public sealed class ScheduleTally
{
    /// <summary>The deadline of the rows that count every open task with a deadline.</summary>
    public static readonly DateOnly AnyDeadline = DateOnly.MaxValue;

    public DateOnly Deadline { get; set; }
    public DateOnly BehindFrom { get; set; }
    public int Count { get; set; }
}

/// <summary>
/// The unit rows (any role) of the published tasks, per unit: the total of a unit's task list, which otherwise counts
/// the unit's index entries on every page (a busy unit of a province has thousands: 0.3 ms of SQLite's time a request).
/// </summary>
public sealed class UnitTally
{
    public Guid UnitId { get; set; }
    public int Count { get; set; }
}

/// <summary>A unit row of a task as the tallies read it.</summary>
public readonly record struct TalliedUnit(Guid UnitId, UnitRole Role);

/// <summary>The span of deadlines one <see cref="PeriodTally"/> row counts.</summary>
public enum TallyGrain
{
    Day = 0,
    Month = 1,
    Year = 2,
    /// <summary>Every task whatever its deadline, and none (<see cref="GroupTally"/> only; its start is DateOnly.MinValue).</summary>
    All = 3,
}

/// <summary>What a <see cref="GroupTally"/> row groups the tasks by.</summary>
public enum TallyGroup
{
    /// <summary>The task's responsible leader (责任领导); tasks without one are not counted.</summary>
    Leader = 0,
    Plan = 1,
    /// <summary>
    /// The county's closed tasks by the day they closed (办结日期), for the weekly trend: <see cref="TallyGrain.Day"/>
    /// rows of <see cref="TaskTally.County"/>, counting only.
    /// </summary>
    Closing = 2,
    /// <summary>
    /// The progress reports and contributions filed on the county's tasks, by the county day they were filed, for the
    /// weekly trend: <see cref="TallyGrain.Day"/> rows of <see cref="TaskTally.County"/>, counting only.
    /// </summary>
    Reports = 3,
}

/// <summary>
/// Published tasks by responsible leader and by plan, for the leader and plan dashboards, which otherwise group every
/// task (0.2–0.3 s at a million), and county-wide by closing day and by reporting day for the weekly trend
/// (<see cref="TallyGroup.Closing"/>, <see cref="TallyGroup.Reports"/>). Each task is counted once under
/// <see cref="TallyGrain.All"/>, with its percent complete summed for a plan's average, and a task with a deadline once
/// per day, month and year of it, as in <see cref="PeriodTally"/>: overdue today is then
/// <see cref="DeadlineCover.Before"/>'s dozen rows per leader or plan.
/// </summary>
public sealed class GroupTally
{
    public TallyGroup Group { get; set; }
    /// <summary>The leader's or the plan's id.</summary>
    public Guid GroupId { get; set; }
    public TallyGrain Grain { get; set; }
    /// <summary>The first day of the day, month or year; DateOnly.MinValue for <see cref="TallyGrain.All"/>.</summary>
    public DateOnly Start { get; set; }
    public int Count { get; set; }
    /// <summary>Not closed (any status but 已办结).</summary>
    public int Open { get; set; }
    /// <summary>The tasks' percent complete summed (<see cref="TallyGrain.All"/> rows only).</summary>
    public int Percent { get; set; }
}

/// <summary>
/// Published tasks with a deadline, by lead unit (and county-wide, <see cref="TaskTally.County"/>) and by the day, the
/// month and the year of the deadline: each task is counted once per grain. A range of deadlines is then read as its
/// whole years, whole months and edge days (<see cref="DeadlineCover"/>), a few dozen rows per unit whatever the
/// number of tasks or how their deadlines spread over the days: a month's league table reads one month row per unit,
/// overdue (open with a deadline before today) the years, months and days before today.
/// </summary>
public sealed class PeriodTally
{
    public Guid UnitId { get; set; }
    public TallyGrain Grain { get; set; }
    /// <summary>The first day of the day, month or year.</summary>
    public DateOnly Start { get; set; }
    public int Count { get; set; }
    /// <summary>Not closed (any status but 已办结).</summary>
    public int Open { get; set; }
    /// <summary>Closed on or before the deadline.</summary>
    public int OnTime { get; set; }
    /// <summary>Closed after the deadline.</summary>
    public int Late { get; set; }
    public int Graded { get; set; }
    /// <summary>Grade points, 优秀 4 … 不合格 1.</summary>
    public int Points { get; set; }

    public static DateOnly StartOf(TallyGrain grain, DateOnly day) => grain switch
    {
        TallyGrain.Day => day,
        TallyGrain.Month => new DateOnly(day.Year, day.Month, 1),
        _ => new DateOnly(day.Year, 1, 1),
    };
}

/// <summary>
/// The <see cref="PeriodTally"/> rows that count the deadlines from <c>first</c> to <c>last</c> (inclusive) each exactly
/// once, coarsest first: days up to the first whole month, months up to the first whole year, whole years, then months
/// and days up to the end. Each piece is a range of one grain's starts, <c>From</c> inclusive, <c>Until</c> exclusive.
/// </summary>
public static class DeadlineCover
{
    /// <summary>The rows of one grain whose start is in [From, Until), added (<see cref="Sign"/> 1) or taken away (-1).</summary>
    public readonly record struct Piece(TallyGrain Grain, DateOnly From, DateOnly Until, int Sign = 1);

    /// <summary>The latest deadline a range may end on: <see cref="TaskTally"/>'s sentinels sit above it.</summary>
    public static readonly DateOnly Last = new(9998, 12, 31);

    public static IReadOnlyList<Piece> Of(DateOnly first, DateOnly last)
    {
        if (last > Last) last = Last;
        var pieces = new List<Piece>();
        if (first > last) return pieces;
        var end = last.AddDays(1);
        // Whole months: from the first month start at or after `first`, to the month start after the last whole month.
        var monthsFrom = first.Day == 1 ? first : PeriodTally.StartOf(TallyGrain.Month, first).AddMonths(1);
        var monthsUntil = PeriodTally.StartOf(TallyGrain.Month, end);
        if (monthsFrom >= monthsUntil) return [new(TallyGrain.Day, first, end)];
        var yearsFrom = monthsFrom.Month == 1 ? monthsFrom : new DateOnly(monthsFrom.Year + 1, 1, 1);
        var yearsUntil = new DateOnly(monthsUntil.Year, 1, 1);
        pieces.Add(new(TallyGrain.Day, first, monthsFrom));
        if (yearsFrom < yearsUntil)
        {
            pieces.Add(new(TallyGrain.Month, monthsFrom, yearsFrom));
            pieces.Add(new(TallyGrain.Year, yearsFrom, yearsUntil));
            pieces.Add(new(TallyGrain.Month, yearsUntil, monthsUntil));
        }
        else pieces.Add(new(TallyGrain.Month, monthsFrom, monthsUntil));
        pieces.Add(new(TallyGrain.Day, monthsUntil, end));
        return pieces.Where(p => p.From < p.Until).ToList();
    }

    /// <summary>
    /// The deadlines before <paramref name="today"/> (what overdue counts): the whole years before its year, then its
    /// year's months and its month's days before today, each level read from the side with fewer rows. Late in a
    /// month that is the month less its days from today on, late in a year the year less its months after this one, so
    /// the rows read stay near a dozen per unit on any day instead of growing through the year and the month.
    /// </summary>
    public static IReadOnlyList<Piece> Before(DateOnly today)
    {
        var year = new DateOnly(today.Year, 1, 1);
        var month = PeriodTally.StartOf(TallyGrain.Month, today);
        var (nextMonth, nextYear) = (month.AddMonths(1), year.AddYears(1));
        // Rows per unit either way, counting days and months as if each had a row: forward the days before today,
        // backward the month's own row less its days from today on.
        var daysBack = today.Day - 1 > 1 + (nextMonth.DayNumber - today.DayNumber);
        var monthsUntil = daysBack ? nextMonth : month;
        var monthsBefore = monthsUntil.Month - 1 + 12 * (monthsUntil.Year - year.Year);
        var monthsBack = monthsBefore > 1 + (12 - monthsBefore);
        List<Piece> pieces = monthsBack
            ? [new(TallyGrain.Year, DateOnly.MinValue, nextYear), new(TallyGrain.Month, monthsUntil, nextYear, -1)]
            : [new(TallyGrain.Year, DateOnly.MinValue, year), new(TallyGrain.Month, year, monthsUntil)];
        pieces.Add(daysBack ? new(TallyGrain.Day, today, nextMonth, -1) : new(TallyGrain.Day, month, today));
        return pieces.Where(p => p.From < p.Until).ToList();
    }

    /// <summary>
    /// The SQL sum of <paramref name="column"/> over the pieces, each row weighted by the signs of the pieces holding it;
    /// its values are appended to <paramref name="parameters"/> as EF placeholders.
    /// </summary>
    public static string SumSql(IReadOnlyList<Piece> pieces, string column, List<object> parameters)
    {
        if (pieces.Count == 0) return "0";
        var terms = new List<string>();
        foreach (var p in pieces)
        {
            var i = parameters.Count;
            parameters.AddRange([(int)p.Grain, p.From, p.Until]);
            terms.Add($"CASE WHEN \"Grain\" = {{{i}}} AND \"Start\" >= {{{i + 1}}} AND \"Start\" < {{{i + 2}}} THEN {(p.Sign < 0 ? "-" : "")}\"{column}\" ELSE 0 END");
        }
        return "SUM(" + string.Join(" + ", terms) + ")";
    }

    /// <summary>
    /// The SQL condition selecting the pieces' rows (quoted column names, the same on SQLite and PostgreSQL), with its
    /// values appended to <paramref name="parameters"/> as EF placeholders.
    /// </summary>
    public static string Sql(IReadOnlyList<Piece> pieces, List<object> parameters)
    {
        if (pieces.Count == 0) return "1 = 0";
        var terms = new List<string>();
        foreach (var p in pieces)
        {
            var i = parameters.Count;
            parameters.AddRange([(int)p.Grain, p.From, p.Until]);
            terms.Add($"(\"Grain\" = {{{i}}} AND \"Start\" >= {{{i + 1}}} AND \"Start\" < {{{i + 2}}})");
        }
        return "(" + string.Join(" OR ", terms) + ")";
    }
}

/// <summary>
/// What a task's tally rows depend on besides the task: the county's calendar, and the behind-schedule tolerance (a
/// changed Tracking:BehindSchedulePercent needs the tally tables emptied and a restart, which recounts them).
/// </summary>
public sealed record TallyRules(CountyClock Clock, int BehindSchedulePercent);

public readonly record struct TaskTallyKey(Guid UnitId, DateOnly Deadline, TrackingStatus Status, bool Acknowledged);

public readonly record struct ScheduleTallyKey(DateOnly Deadline, DateOnly BehindFrom);

public readonly record struct PeriodTallyKey(Guid UnitId, TallyGrain Grain, DateOnly Start);

public readonly record struct GroupTallyKey(TallyGroup Group, TallyGrain Grain, DateOnly Start, Guid GroupId);

/// <summary>What a <see cref="GroupTally"/> row sums.</summary>
public readonly record struct GroupMeasures(int Count, int Open, int Percent)
{
    public static GroupMeasures operator +(GroupMeasures a, GroupMeasures b) => new(a.Count + b.Count, a.Open + b.Open, a.Percent + b.Percent);

    public bool IsZero => this == default;
}

/// <summary>What a row sums. <see cref="Open"/> is stored by <see cref="PeriodTally"/> only: a TaskTally's status says it.</summary>
public record struct TallyMeasures(int Count, int Open, int OnTime, int Late, int Graded, int Points)
{
    public static TallyMeasures operator +(TallyMeasures a, TallyMeasures b) =>
        new(a.Count + b.Count, a.Open + b.Open, a.OnTime + b.OnTime, a.Late + b.Late, a.Graded + b.Graded, a.Points + b.Points);

    public static TallyMeasures operator -(TallyMeasures a) => new(-a.Count, -a.Open, -a.OnTime, -a.Late, -a.Graded, -a.Points);

    public readonly bool IsZero => this == default;
}

/// <summary>
/// What a set of tasks contributes to the tallies. The incremental path reads the affected tasks before and after a
/// save and applies the difference; the full recount reads every task. One rule, <see cref="Add"/>, serves both.
/// </summary>
public sealed class TallyDelta
{
    public Dictionary<TaskTallyKey, TallyMeasures> Tasks { get; } = [];
    public Dictionary<ScheduleTallyKey, int> Schedules { get; } = [];
    public Dictionary<PeriodTallyKey, TallyMeasures> Periods { get; } = [];
    public Dictionary<Guid, int> Units { get; } = [];
    public Dictionary<GroupTallyKey, GroupMeasures> Groups { get; } = [];

    public bool IsEmpty => Tasks.Values.All(m => m.IsZero) && Schedules.Values.All(c => c == 0) && Periods.Values.All(m => m.IsZero)
        && Units.Values.All(c => c == 0) && Groups.Values.All(m => m.IsZero);

    private static readonly TallyGrain[] Grains = [TallyGrain.Day, TallyGrain.Month, TallyGrain.Year];

    /// <summary>One task's row as the tallies read it, with its plan's state.</summary>
    public sealed record Source(Guid TaskId, Guid PlanId, Guid? LeaderId, PlanStatus PlanStatus, DateTimeOffset? PublishedAt, TrackingStatus Status, DateOnly? Deadline,
        bool Acknowledged, DateOnly? CompletedOn, CompletionGrade? Grade, int Percent);

    /// <summary>
    /// Adds one task's contribution with <paramref name="sign"/>: its unit rows, and the instants of its progress reports
    /// that this contribution counts (all of them in a recount; a save's difference passes what it changes).
    /// </summary>
    public void Add(Source t, IEnumerable<TalliedUnit> units, TallyRules rules, int sign, IEnumerable<DateTimeOffset>? reports = null)
    {
        if (t.PlanStatus != PlanStatus.Published) return;
        // One per unit row, as the list counts them (a task's units are distinct: the row's key is task and unit).
        var leadUnits = new List<Guid>();
        foreach (var unit in units)
        {
            Units[unit.UnitId] = Units.GetValueOrDefault(unit.UnitId) + sign;
            if (unit.Role == UnitRole.Lead) leadUnits.Add(unit.UnitId);
        }
        var measures = new TallyMeasures(
            1,
            t.Status == TrackingStatus.Completed ? 0 : 1,
            t.CompletedOn is { } c1 && t.Deadline is { } d1 && c1 <= d1 ? 1 : 0,
            t.CompletedOn is { } c2 && t.Deadline is { } d2 && c2 > d2 ? 1 : 0,
            t.Grade is null ? 0 : 1,
            t.Grade is { } g ? Points(g) : 0);
        if (sign < 0) measures = -measures;
        foreach (var unit in leadUnits.Distinct().Prepend(TaskTally.County))
        {
            Bump(new TaskTallyKey(unit, TaskTally.AnyDeadline, t.Status, t.Acknowledged), measures);
            if (t.Deadline is not { } day) Bump(new TaskTallyKey(unit, TaskTally.NoDeadline, t.Status, t.Acknowledged), measures);
            else
                foreach (var grain in Grains)
                {
                    var key = new PeriodTallyKey(unit, grain, PeriodTally.StartOf(grain, day));
                    Periods[key] = Periods.GetValueOrDefault(key) + measures;
                }
        }
        // By plan and by leader: the task itself, and its deadline's day, month and year as for units.
        var group = new GroupMeasures(measures.Count, measures.Open, sign * t.Percent);
        foreach (var (kind, id) in t.LeaderId is { } leader ? [(TallyGroup.Plan, t.PlanId), (TallyGroup.Leader, leader)] : new[] { (TallyGroup.Plan, t.PlanId) })
        {
            BumpGroup(new GroupTallyKey(kind, TallyGrain.All, DateOnly.MinValue, id), group);
            if (t.Deadline is { } day)
                foreach (var grain in Grains)
                    BumpGroup(new GroupTallyKey(kind, grain, PeriodTally.StartOf(grain, day), id), group with { Percent = 0 });
        }
        if (t.Status == TrackingStatus.Completed && t.CompletedOn is { } closed)
            BumpGroup(new GroupTallyKey(TallyGroup.Closing, TallyGrain.Day, closed, TaskTally.County), new GroupMeasures(sign, 0, 0));
        foreach (var at in reports ?? [])
            BumpGroup(new GroupTallyKey(TallyGroup.Reports, TallyGrain.Day, rules.Clock.DayOf(at), TaskTally.County), new GroupMeasures(sign, 0, 0));
        if (t.Status != TrackingStatus.Completed && t.Deadline is { } open)
        {
            // The light measures time from the county day the plan was published (TaskRows.LightOf).
            var behind = PlanTask.BehindFrom(t.PublishedAt is { } at ? rules.Clock.DayOf(at) : null, open, t.Percent, rules.BehindSchedulePercent);
            foreach (var key in new[] { new ScheduleTallyKey(open, behind), new ScheduleTallyKey(ScheduleTally.AnyDeadline, behind) })
                Schedules[key] = Schedules.GetValueOrDefault(key) + sign;
        }
    }

    private void Bump(TaskTallyKey key, TallyMeasures measures) =>
        Tasks[key] = Tasks.GetValueOrDefault(key) + measures;

    private void BumpGroup(GroupTallyKey key, GroupMeasures measures) =>
        Groups[key] = Groups.GetValueOrDefault(key) + measures;

    /// <summary>Grade points: 优秀 4, 良好 3, 合格 2, 不合格 1.</summary>
    public static int Points(CompletionGrade grade) => grade switch
    {
        CompletionGrade.Excellent => 4,
        CompletionGrade.Good => 3,
        CompletionGrade.Pass => 2,
        _ => 1,
    };

    /// <summary>Reads the given tasks (by id, in chunks) and adds their contribution with <paramref name="sign"/>.</summary>
    public static async Task AddTasksAsync(TallyDelta delta, PolicyTrackerDbContext db, IReadOnlyCollection<Guid> taskIds, TallyRules rules,
        int sign, CancellationToken ct)
    {
        // Chunks keep the IN list within every engine's parameter limit.
        foreach (var chunk in taskIds.Chunk(1000))
        {
            var sources = await Sources(db, db.Tasks.Where(t => chunk.Contains(t.Id))).ToListAsync(ct);
            if (sources.Count == 0) continue;
            var units = (await db.TaskUnits.AsNoTracking().Where(u => chunk.Contains(u.TaskId))
                .Select(u => new { u.TaskId, u.UnitId, u.Role }).ToListAsync(ct)).ToLookup(u => u.TaskId, u => new TalliedUnit(u.UnitId, u.Role));
            var reports = (await db.ProgressUpdates.AsNoTracking().Where(p => chunk.Contains(p.TaskId))
                .Select(p => new { p.TaskId, p.At }).ToListAsync(ct)).ToLookup(p => p.TaskId, p => p.At);
            foreach (var source in sources) delta.Add(source, units[source.TaskId], rules, sign, reports[source.TaskId]);
        }
    }

    /// <summary>Every task's contribution, streamed in key order: what the tallies must hold.</summary>
    public static async Task<TallyDelta> RecountAsync(PolicyTrackerDbContext db, TallyRules rules, CancellationToken ct)
    {
        var delta = new TallyDelta();
        var after = Guid.Empty;
        var first = true;
        while (true)
        {
            var page = db.Tasks.AsNoTracking().OrderBy(t => t.Id).Where(t => first || t.Id.CompareTo(after) > 0).Take(20_000);
            var sources = await Sources(db, page).ToListAsync(ct);
            if (sources.Count == 0) return delta;
            var ids = sources.Select(s => s.TaskId).ToList();
            var (low, high) = (ids[0], ids[^1]);
            var units = (await db.TaskUnits.AsNoTracking()
                    .Where(u => u.TaskId.CompareTo(low) >= 0 && u.TaskId.CompareTo(high) <= 0)
                    .Select(u => new { u.TaskId, u.UnitId, u.Role }).ToListAsync(ct))
                .ToLookup(u => u.TaskId, u => new TalliedUnit(u.UnitId, u.Role));
            var reports = (await db.ProgressUpdates.AsNoTracking()
                    .Where(p => p.TaskId.CompareTo(low) >= 0 && p.TaskId.CompareTo(high) <= 0)
                    .Select(p => new { p.TaskId, p.At }).ToListAsync(ct))
                .ToLookup(p => p.TaskId, p => p.At);
            foreach (var source in sources) delta.Add(source, units[source.TaskId], rules, +1, reports[source.TaskId]);
            after = high;
            first = false;
        }
    }

    private static IQueryable<Source> Sources(PolicyTrackerDbContext db, IQueryable<PlanTask> tasks) =>
        from t in tasks.AsNoTracking()
        join p in db.Plans on t.PlanId equals p.Id
        orderby t.Id
        select new Source(t.Id, t.PlanId, t.LeaderId, p.Status, p.PublishedAt, t.Status, t.Deadline, t.AcknowledgedAt != null, t.CompletedOn, t.Grade, t.PercentComplete);

    /// <summary>
    /// Adds the delta to the stored tallies with atomic upserts (the same SQL on SQLite and PostgreSQL), in key order so
    /// concurrent transactions lock rows in the same order. Rows that fall to zero stay (they add nothing to a sum and
    /// are bounded by the distinct keys ever used); a rebuild drops them.
    /// </summary>
    public async Task ApplyAsync(PolicyTrackerDbContext db, CancellationToken ct)
    {
        // The upserts of all the tables travel together, as few commands as the parameter limit allows (one for a
        // single task's change): a round trip each on PostgreSQL, a command each on SQLite, inside the writer's turn.
        var batch = new List<string>();
        var parameters = new List<object>();
        async Task AddAsync(int count, Func<int, string> statement, IEnumerable<object> values)
        {
            if (parameters.Count + count > 3000) await FlushAsync();
            batch.Add(statement(parameters.Count));
            parameters.AddRange(values);
        }
        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            // Only placeholders are concatenated; every value travels as a parameter.
            await db.Database.ExecuteSqlRawAsync(string.Join(";\n", batch), parameters, ct);
            batch.Clear();
            parameters.Clear();
        }
        static string Rows(int first, int rows, int columns) => string.Join(", ", Enumerable.Range(0, rows)
            .Select(r => "(" + string.Join(", ", Enumerable.Range(0, columns).Select(c => $"{{{first + r * columns + c}}}")) + ")"));

        var tasks = Tasks.Where(x => !x.Value.IsZero).OrderBy(x => x.Key.UnitId).ThenBy(x => x.Key.Deadline)
            .ThenBy(x => x.Key.Status).ThenBy(x => x.Key.Acknowledged).ToList();
        foreach (var chunk in tasks.Chunk(300))
            await AddAsync(chunk.Length * 9, first =>
                """INSERT INTO "TaskTallies" ("UnitId", "Deadline", "Status", "Acknowledged", "Count", "OnTime", "Late", "Graded", "Points") VALUES """
                + Rows(first, chunk.Length, 9)
                + """ ON CONFLICT ("UnitId", "Deadline", "Status", "Acknowledged") DO UPDATE SET "Count" = "TaskTallies"."Count" + excluded."Count", """
                + """ "OnTime" = "TaskTallies"."OnTime" + excluded."OnTime", "Late" = "TaskTallies"."Late" + excluded."Late", """
                + """ "Graded" = "TaskTallies"."Graded" + excluded."Graded", "Points" = "TaskTallies"."Points" + excluded."Points" """,
                chunk.SelectMany(x => new object[] { x.Key.UnitId, x.Key.Deadline, (int)x.Key.Status, x.Key.Acknowledged, x.Value.Count, x.Value.OnTime, x.Value.Late, x.Value.Graded, x.Value.Points }));
        var schedules = Schedules.Where(x => x.Value != 0).OrderBy(x => x.Key.Deadline).ThenBy(x => x.Key.BehindFrom).ToList();
        foreach (var chunk in schedules.Chunk(500))
            await AddAsync(chunk.Length * 3, first =>
                """INSERT INTO "ScheduleTallies" ("Deadline", "BehindFrom", "Count") VALUES """ + Rows(first, chunk.Length, 3)
                + """ ON CONFLICT ("Deadline", "BehindFrom") DO UPDATE SET "Count" = "ScheduleTallies"."Count" + excluded."Count" """,
                chunk.SelectMany(x => new object[] { x.Key.Deadline, x.Key.BehindFrom, x.Value }));
        var periods = Periods.Where(x => !x.Value.IsZero).OrderBy(x => x.Key.Grain).ThenBy(x => x.Key.Start).ThenBy(x => x.Key.UnitId).ToList();
        foreach (var chunk in periods.Chunk(300))
            await AddAsync(chunk.Length * 9, first =>
                """INSERT INTO "PeriodTallies" ("Grain", "Start", "UnitId", "Count", "Open", "OnTime", "Late", "Graded", "Points") VALUES """
                + Rows(first, chunk.Length, 9)
                + """ ON CONFLICT ("Grain", "Start", "UnitId") DO UPDATE SET "Count" = "PeriodTallies"."Count" + excluded."Count", """
                + """ "Open" = "PeriodTallies"."Open" + excluded."Open", "OnTime" = "PeriodTallies"."OnTime" + excluded."OnTime", """
                + """ "Late" = "PeriodTallies"."Late" + excluded."Late", "Graded" = "PeriodTallies"."Graded" + excluded."Graded", """
                + """ "Points" = "PeriodTallies"."Points" + excluded."Points" """,
                chunk.SelectMany(x => new object[] { (int)x.Key.Grain, x.Key.Start, x.Key.UnitId, x.Value.Count, x.Value.Open, x.Value.OnTime, x.Value.Late, x.Value.Graded, x.Value.Points }));
        var units = Units.Where(x => x.Value != 0).OrderBy(x => x.Key).ToList();
        foreach (var chunk in units.Chunk(500))
            await AddAsync(chunk.Length * 2, first =>
                """INSERT INTO "UnitTallies" ("UnitId", "Count") VALUES """ + Rows(first, chunk.Length, 2)
                + """ ON CONFLICT ("UnitId") DO UPDATE SET "Count" = "UnitTallies"."Count" + excluded."Count" """,
                chunk.SelectMany(x => new object[] { x.Key, x.Value }));
        var groups = Groups.Where(x => !x.Value.IsZero).OrderBy(x => x.Key.Group).ThenBy(x => x.Key.Grain).ThenBy(x => x.Key.Start)
            .ThenBy(x => x.Key.GroupId).ToList();
        foreach (var chunk in groups.Chunk(300))
            await AddAsync(chunk.Length * 7, first =>
                """INSERT INTO "GroupTallies" ("Group", "Grain", "Start", "GroupId", "Count", "Open", "Percent") VALUES """ + Rows(first, chunk.Length, 7)
                + """ ON CONFLICT ("Group", "Grain", "Start", "GroupId") DO UPDATE SET "Count" = "GroupTallies"."Count" + excluded."Count", """
                + """ "Open" = "GroupTallies"."Open" + excluded."Open", "Percent" = "GroupTallies"."Percent" + excluded."Percent" """,
                chunk.SelectMany(x => new object[] { (int)x.Key.Group, (int)x.Key.Grain, x.Key.Start, x.Key.GroupId, x.Value.Count, x.Value.Open, x.Value.Percent }));
        await FlushAsync();
    }

    /// <summary>Replaces the stored tallies with a full recount (after a bulk load, or on a database that has none yet).</summary>
    public static async Task RebuildAsync(PolicyTrackerDbContext db, TallyRules rules, CancellationToken ct)
    {
        var delta = await RecountAsync(db, rules, ct);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.TaskTallies.ExecuteDeleteAsync(ct);
        await db.ScheduleTallies.ExecuteDeleteAsync(ct);
        await db.PeriodTallies.ExecuteDeleteAsync(ct);
        await db.UnitTallies.ExecuteDeleteAsync(ct);
        await db.GroupTallies.ExecuteDeleteAsync(ct);
        await delta.ApplyAsync(db, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
    }
}

/// <summary>
/// Keeps <see cref="TaskTally"/>, <see cref="PeriodTally"/>, <see cref="ScheduleTally"/>, <see cref="UnitTally"/> and <see cref="GroupTally"/> in step with the tasks, inside the transaction of the
/// save that changes them: before the save it subtracts what the affected tasks contributed (read from the database),
/// after it adds what they contribute now, all in the save's transaction (<see cref="PolicyTrackerDbContext.SaveChangesAsync(bool, CancellationToken)"/>):
/// a save that fails rolls the tallies back with it.
/// </summary>
public sealed class TallyInterceptor(CountyClock clock, TrackingOptions options) : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
{
    private sealed record Pending(List<Guid> TaskIds, TallyDelta Delta);

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Pending> _pending = [];

    public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
        Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
        CancellationToken ct = default)
    {
        if (eventData.Context is not PolicyTrackerDbContext db) return result;
        // A save that failed with a concurrency conflict reached no interceptor (EF Core 7+), so its state may still be here.
        _pending.Remove(db);
        var taskIds = await AffectedTasksAsync(db, ct);
        if (taskIds.Count == 0) return result;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Tallies are kept in the save's transaction: save through PolicyTrackerDbContext, which begins one.");
        var delta = new TallyDelta();
        var rules = new TallyRules(clock, options.BehindSchedulePercent);
        var readBack = await AddTrackedAsync(delta, db, taskIds, rules, ct);
        await TallyDelta.AddTasksAsync(delta, db, readBack, rules, -1, ct);
        _pending.AddOrUpdate(db, new Pending(readBack, delta));
        return result;
    }

    /// <summary>
    /// Adds the change of the tasks whose every row this save writes is in the change tracker — a task changed or
    /// added with its units loaded, as every task command loads it — from the tracked values: before is what was
    /// loaded (original values), after what is being saved (current values). Their stored rows need not be read
    /// before and after the save: the task's concurrency token makes the save fail unless the row still holds what was
    /// loaded, and every change to a task or its units renews that token (PlanTask.Touch). Returns the other tasks,
    /// which are read back from the database as before.
    /// </summary>
    private static async Task<List<Guid>> AddTrackedAsync(TallyDelta delta, PolicyTrackerDbContext db, List<Guid> taskIds, TallyRules rules,
        CancellationToken ct)
    {
        var tasks = db.ChangeTracker.Entries<PlanTask>().ToDictionary(e => e.Entity.Id);
        var units = db.ChangeTracker.Entries<TaskUnit>().ToLookup(e => e.Entity.TaskId);
        var reports = db.ChangeTracker.Entries<ProgressUpdate>().Where(e => e.State is EntityState.Added or EntityState.Deleted)
            .ToLookup(e => e.Entity.TaskId);
        var plans = new Dictionary<Guid, ((PlanStatus, DateTimeOffset?) Before, (PlanStatus, DateTimeOffset?) After)?>();
        var readBack = new List<Guid>();
        foreach (var id in taskIds)
        {
            if (!tasks.TryGetValue(id, out var task)
                || !(task.State == EntityState.Added || (task.State == EntityState.Modified && task.Collection(nameof(PlanTask.Units)).IsLoaded)))
            {
                readBack.Add(id);
                continue;
            }
            var planId = task.Entity.PlanId;
            if (!plans.TryGetValue(planId, out var plan))
            {
                var tracked = db.ChangeTracker.Entries<Plan>().FirstOrDefault(e => e.Entity.Id == planId);
                if (tracked is not null)
                    plan = ((tracked.Property(p => p.Status).OriginalValue, tracked.Property(p => p.PublishedAt).OriginalValue),
                        (tracked.Entity.Status, tracked.Entity.PublishedAt));
                else if (await PlanState(db, planId, ct) is { } stored)
                    plan = ((stored.Status, stored.PublishedAt), (stored.Status, stored.PublishedAt));
                plans[planId] = plan;
            }
            // A report removed, or one added while the plan's state changes, needs the task's stored reports: read back.
            if (plan is not { } p || reports[id].Any(r => r.State == EntityState.Deleted) || (reports[id].Any() && p.Before != p.After))
            {
                readBack.Add(id);
                continue;
            }
            var rows = units[id].ToList();
            if (task.State == EntityState.Modified)
                delta.Add(SourceOf(task, p.Before, original: true),
                    rows.Where(u => u.State != EntityState.Added).Select(u => new TalliedUnit(u.Entity.UnitId, u.Property(x => x.Role).OriginalValue)), rules, -1);
            // The reports this save adds; those stored already count the same before and after.
            delta.Add(SourceOf(task, p.After, original: false),
                rows.Where(u => u.State != EntityState.Deleted).Select(u => new TalliedUnit(u.Entity.UnitId, u.Entity.Role)), rules, +1,
                reports[id].Select(r => r.Entity.At));
        }
        return readBack;
    }

    // Compiled once: a task command's save reads its plan here, and EF's query cache otherwise rebuilds and hashes the
    // expression tree on each call.
    private static readonly Func<PolicyTrackerDbContext, Guid, CancellationToken, Task<PlanStateRow?>> PlanState =
        EF.CompileAsyncQuery((PolicyTrackerDbContext db, Guid planId, CancellationToken ct) =>
            db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new PlanStateRow { Status = p.Status, PublishedAt = p.PublishedAt }).FirstOrDefault());

    private sealed class PlanStateRow
    {
        public PlanStatus Status { get; init; }
        public DateTimeOffset? PublishedAt { get; init; }
    }

    private static TallyDelta.Source SourceOf(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<PlanTask> task,
        (PlanStatus Status, DateTimeOffset? PublishedAt) plan, bool original)
    {
        T Value<T>(System.Linq.Expressions.Expression<Func<PlanTask, T>> property) =>
            original ? task.Property(property).OriginalValue : task.Property(property).CurrentValue;
        return new(task.Entity.Id, Value(t => t.PlanId), Value(t => t.LeaderId), plan.Status, plan.PublishedAt, Value(t => t.Status), Value(t => t.Deadline), Value(t => t.AcknowledgedAt) != null,
            Value(t => t.CompletedOn), Value(t => t.Grade), Value(t => t.PercentComplete));
    }

    public override async ValueTask<int> SavedChangesAsync(Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesCompletedEventData eventData,
        int result, CancellationToken ct = default)
    {
        if (eventData.Context is not PolicyTrackerDbContext db || !_pending.TryGetValue(db, out var pending)) return result;
        _pending.Remove(db);
        if (pending.TaskIds.Count > 0)
            await TallyDelta.AddTasksAsync(pending.Delta, db, pending.TaskIds, new TallyRules(clock, options.BehindSchedulePercent), +1, ct);
        await pending.Delta.ApplyAsync(db, ct);
        return result;
    }

    public override Task SaveChangesFailedAsync(Microsoft.EntityFrameworkCore.Diagnostics.DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        if (eventData.Context is { } db) _pending.Remove(db);
        return Task.CompletedTask;
    }

    public override Task SaveChangesCanceledAsync(Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, CancellationToken ct = default)
    {
        if (eventData.Context is { } db) _pending.Remove(db);
        return Task.CompletedTask;
    }

    public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> SavingChanges(
        Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result) =>
        eventData.Context is PolicyTrackerDbContext db && AffectedTasksAsync(db, CancellationToken.None).GetAwaiter().GetResult().Count > 0
            ? throw new InvalidOperationException("Tasks are saved with SaveChangesAsync, which keeps the dashboard tallies in step.")
            : result;

    /// <summary>
    /// Tasks whose contribution may change: tasks, their unit rows and progress reports added, changed or removed, and every task of a plan
    /// whose status or publishing day changed or that is being removed (the database cascades that delete).
    /// </summary>
    private static async Task<List<Guid>> AffectedTasksAsync(PolicyTrackerDbContext db, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        var plans = new List<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case PlanTask task:
                    if (entry.State != EntityState.Modified || entry.Properties.Any(p => p.IsModified && Tallied.Contains(p.Metadata.Name)))
                        ids.Add(task.Id);
                    // The unit rows carry a copy of the deadline (TaskUnit.ListDeadline) that the task can only keep in
                    // step with the rows it holds: a task loaded without them would leave the copies stale.
                    if (entry.State == EntityState.Modified && entry.Property(nameof(PlanTask.Deadline)).IsModified
                        && !entry.Collection(nameof(PlanTask.Units)).IsLoaded)
                        throw new InvalidOperationException("A task's deadline changes with its units loaded (Include(t => t.Units)), which carry a copy of it.");
                    break;
                case TaskUnit unit:
                    ids.Add(unit.TaskId);
                    break;
                case ProgressUpdate report when entry.State is EntityState.Added or EntityState.Deleted:
                    ids.Add(report.TaskId);
                    break;
                case Plan plan when entry.State == EntityState.Deleted
                    || (entry.State == EntityState.Modified && (entry.Property(nameof(Plan.Status)).IsModified || entry.Property(nameof(Plan.PublishedAt)).IsModified)):
                    plans.Add(plan.Id);
                    break;
            }
        }
        foreach (var chunk in plans.Chunk(500))
            ids.UnionWith(await db.Tasks.AsNoTracking().Where(t => chunk.Contains(t.PlanId)).Select(t => t.Id).ToListAsync(ct));
        return ids.ToList();
    }

    private static readonly HashSet<string> Tallied =
    [
        nameof(PlanTask.Status), nameof(PlanTask.Deadline), nameof(PlanTask.AcknowledgedAt), nameof(PlanTask.CompletedOn),
        nameof(PlanTask.Grade), nameof(PlanTask.PercentComplete), nameof(PlanTask.PlanId), nameof(PlanTask.LeaderId),
    ];
}
