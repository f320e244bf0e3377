using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>
/// 进展报送提醒 from each plan's own cadence (每季度末月25日前, 半年, 全年 …; else the default monthly cycle): a unit of
/// an open task that has not reported since the previous due date is reminded
/// <see cref="RemindersOptions.ReportingRemindDaysBefore"/> days before the due day; the day after it, 督查室 receives the
/// list of units that did not report. A unit owes a report only for tasks published at least that many days before.
/// </summary>
public static class SendReportingReminders
{
    public const string Job = "reminders.reporting";

    public sealed record Command : ICommand<Response>;

    public sealed record Response(int Recorded, DateOnly From, DateOnly? StaleFrom);

    public sealed class Handler(PolicyTrackerDbContext db, CountyClock clock, RemindersOptions options, NotificationRecorder recorder)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var today = clock.Today;
            var before = Math.Max(0, options.ReportingRemindDaysBefore);
            var window = await ReminderWindow.OpenAsync(db, Job, today, options.CatchUpHorizonDays, ct);
            var names = await TrackedTasks.UnitNamesAsync(db, ct);
            var plans = await TrackedTasks.PublishedPlansAsync(db, clock, ct);
            // Due days whose reminder (before) or missed-list (after) falls in this run's window, per plan: on most days
            // no plan has one, and only the plans that do have their tasks and reports read, a group of plans at a time.
            var concerned = plans.Values
                .Select(p => (Plan: p, Cycles: p.ReportingCycles.Count > 0 ? p.ReportingCycles : [ReportingCycle.DefaultMonthly]))
                .Select(p => (p.Plan, p.Cycles, DueDays: DueDates(p.Cycles, window.Earliest.AddDays(-1), today.AddDays(before)).ToList()))
                .Where(p => p.DueDays.Count > 0)
                .OrderBy(p => p.Plan.SortKey, StringComparer.Ordinal).ToList();
            var since = clock.StartOf(window.Earliest.AddYears(-1).AddDays(-before - 1));
            var recorded = 0;
            var stale = new StaleNotices();
            foreach (var group in concerned.Chunk(PlansPerRead))
            {
                var ids = group.Select(p => p.Plan.Id).ToList();
                var tasks = await TrackedTasks.ScanAsync(db, db.Tasks.Where(TrackedTasks.Open).Where(t => ids.Contains(t.PlanId)), plans, ct);
                var taskIds = tasks.Select(t => t.Id).ToList();
                var reports = (await db.ProgressUpdates.AsNoTracking().Where(p => taskIds.Contains(p.TaskId) && p.At >= since)
                    .Select(p => new { p.TaskId, p.UnitId, p.At }).ToListAsync(ct))
                    .ToLookup(p => (p.TaskId, p.UnitId), p => p.At);
                var due = new List<DueNotice>();
                var byPlan = tasks.ToLookup(t => t.Plan.Id);
                foreach (var (plan, cycles, dueDays) in group)
                {
                    var planTasks = byPlan[plan.Id].ToList();
                    if (planTasks.Count == 0) continue;
                    foreach (var dueDay in dueDays)
                    {
                        var previous = DueDates(cycles, dueDay.AddYears(-1), dueDay.AddDays(-1)).LastOrDefault();
                        var remindDay = dueDay.AddDays(-before);
                        var missed = new List<string>();
                        foreach (var t in planTasks.Where(t => t.PublishedOn <= remindDay))
                        {
                            // Reports count from the day after the previous due day, or from publishing.
                            var from = previous == default || previous < t.PublishedOn ? t.Plan.PublishedAt : clock.StartOf(previous.AddDays(1));
                            foreach (var unit in t.Units)
                            {
                                var at = reports[(t.Id, unit.UnitId)].Where(a => a >= from).ToList();
                                if (at.Count == 0 && remindDay >= window.Earliest && remindDay <= today)
                                {
                                    var recipient = Recipient.OfUnit(unit.UnitId);
                                    var notice = new DueNotice(remindDay, new PlannedNotice($"reporting:{t.Id:N}:{recipient.Key}:{dueDay:yyyyMMdd}",
                                        "reporting", $"【报送提醒】请于{dueDay:M月d日}前报送进展",
                                        $"{t.Label}\n按方案要求，本期进展应于{dueDay:yyyy年M月d日}前报送，贵单位本期尚未报送，请按时报送。",
                                        recipient, t.Id));
                                    if (window.IsStale(notice)) stale.Add(notice);
                                    else due.Add(notice);
                                }
                                if (!at.Any(a => a < clock.StartOf(dueDay.AddDays(1))))
                                    missed.Add($"· {t.Label}：{names.GetValueOrDefault(unit.UnitId, "未知单位")}（{(unit.Role == UnitRole.Lead ? "牵头" : "配合")}）");
                            }
                        }
                        var reportDay = dueDay.AddDays(1);
                        if (missed.Count > 0 && reportDay >= window.Earliest && reportDay <= today)
                        {
                            var list = new DueNotice(reportDay, new PlannedNotice($"reporting-missed:{plan.Id:N}:{dueDay:yyyyMMdd}", "reporting-missed",
                                $"【报送情况】《{plan.Title}》{dueDay:M月d日}到期的进展有{missed.Count}个单位未报送",
                                "以下单位未按期报送进展：\n" + string.Join("\n", missed), Recipient.OfRole(Roles.Supervisor)));
                            if (window.IsStale(list)) stale.Add(list);
                            else due.Add(list);
                        }
                    }
                }
                recorded += await recorder.RecordAsync(window.Individually(due), ct);
            }
            // Plans come in plan order, so the stale notices need no sorting for their digests.
            recorded += await recorder.RecordAsync(window.Digests(stale.InPlanOrder), ct);
            await window.CloseAsync(db, ct);
            return new(recorded, window.From, window.StaleFrom);
        }
    }

    /// <summary>Plans whose tasks are read per query (plans hold hundreds of tasks, so a read stays a few thousand rows).</summary>
    private const int PlansPerRead = 10;

    /// <summary>The plan's due days in [from, to]: the union of its cycles, each day once.</summary>
    public static IEnumerable<DateOnly> DueDates(IEnumerable<ReportingCycle> cycles, DateOnly from, DateOnly to) =>
        cycles.SelectMany(c => c.DueDatesBetween(from, to)).Distinct().Order();
}
