using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>
/// 签收催办: a task its lead unit has not acknowledged by the end of the day
/// <see cref="TrackingOptions.AcknowledgeWithinDays"/> after publishing is chased the next day; if it is still not
/// acknowledged <see cref="RemindersOptions.ReceiptReportAfterDays"/> later, 督查室 receives the list.
/// </summary>
public static class ChaseAcknowledgements
{
    public const string Job = "reminders.receipt";

    public sealed record Command : ICommand<Response>;

    public sealed record Response(int Recorded, DateOnly From, DateOnly? StaleFrom);

    public sealed class Handler(PolicyTrackerDbContext db, CountyClock clock, TrackingOptions tracking, RemindersOptions options,
        NotificationRecorder recorder) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var today = clock.Today;
            var window = await ReminderWindow.OpenAsync(db, Job, today, options.CatchUpHorizonDays, ct);
            var names = await TrackedTasks.UnitNamesAsync(db, ct);
            // Whether a task is chased or listed today depends only on its plan's publishing day: read the tasks of the
            // few plans published on such a day, a group of plans at a time in plan order, not every task.
            var withinDays = tracking.AcknowledgeWithinDays;
            bool InWindow(DateOnly day) => day >= window.Earliest && day <= today;
            var plans = await TrackedTasks.PublishedPlansAsync(db, clock, ct);
            var concerned = plans.Values
                .Where(p => InWindow(ChaseDay(p.PublishedOn, withinDays)) || InWindow(ChaseDay(p.PublishedOn, withinDays).AddDays(options.ReceiptReportAfterDays)))
                .OrderBy(p => p.SortKey, StringComparer.Ordinal).ToList();
            var recorded = 0;
            var stale = new StaleNotices();
            var toReport = new List<(DateOnly Day, string Line)>();
            foreach (var group in concerned.Chunk(PlansPerRead))
            {
                var ids = group.Select(p => p.Id).ToList();
                var due = new List<DueNotice>();
                foreach (var t in await TrackedTasks.ScanAsync(db, db.Tasks.Where(TrackedTasks.NotCompleted).Where(t => t.AcknowledgedAt == null && ids.Contains(t.PlanId)), plans, ct))
                {
                    var chaseDay = ChaseDay(t.PublishedOn, withinDays);
                    if (InWindow(chaseDay))
                        foreach (var unitId in t.LeadUnitIds)
                        {
                            var recipient = Recipient.OfUnit(unitId);
                            var notice = new DueNotice(chaseDay, new PlannedNotice($"receipt:{t.Id:N}:{recipient.Key}:{t.PublishedOn:yyyyMMdd}",
                                "receipt", "【签收催办】任务尚未签收",
                                $"{t.Label}\n该任务于{t.PublishedOn:yyyy年M月d日}下达，应在{withinDays}日内签收，贵单位作为牵头单位至今未签收，请尽快签收。",
                                recipient, t.Id));
                            if (window.IsStale(notice)) stale.Add(notice);
                            else due.Add(notice);
                        }
                    var reportDay = chaseDay.AddDays(options.ReceiptReportAfterDays);
                    if (InWindow(reportDay))
                        toReport.Add((reportDay, $"· {t.Label}（牵头单位：{TrackedTasks.Names(t.LeadUnitIds, names)}，{t.PublishedOn:M月d日}下达）"));
                }
                recorded += await recorder.RecordAsync(window.Individually(due), ct);
            }
            var reports = new List<DueNotice>();
            foreach (var day in toReport.GroupBy(r => r.Day))
                reports.Add(new DueNotice(day.Key, new PlannedNotice($"receipt-report:{day.Key:yyyyMMdd}", "receipt-report",
                    $"【签收情况】{day.Count()}项任务催办后仍未签收",
                    "以下任务经催办仍未签收，请督查室跟进：\n" + string.Join("\n", day.Select(r => r.Line)), Recipient.OfRole(Roles.Supervisor))));
            // Plans come in plan order, so the stale notices need no sorting for their digests.
            recorded += await recorder.RecordAsync(window.Plan([.. reports, .. stale.InPlanOrder]), ct);
            await window.CloseAsync(db, ct);
            return new(recorded, window.From, window.StaleFrom);
        }
    }

    /// <summary>Plans whose tasks are read per query (plans hold hundreds of tasks, so a read stays a few thousand rows).</summary>
    private const int PlansPerRead = 10;

    /// <summary>签收 is due by the end of the day <paramref name="withinDays"/> after publishing; the chase goes out the day after.</summary>
    public static DateOnly ChaseDay(DateOnly publishedOn, int withinDays) => publishedOn.AddDays(withinDays + 1);
}
