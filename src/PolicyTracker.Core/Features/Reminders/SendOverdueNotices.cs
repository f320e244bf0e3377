using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>
/// 逾期通报: every day a task is overdue its lead units are told, and 督查室 receives the day's list. These describe
/// today's state, so days the service was off are not replayed — today's notice says how long the task is overdue.
/// 升级: after <see cref="RemindersOptions.EscalateAfterDaysOverdue"/> days the task's leader (责任领导) is told once per
/// deadline; that is an event, so a missed escalation is caught up like any reminder.
/// </summary>
public static class SendOverdueNotices
{
    public const string Job = "reminders.overdue";

    public sealed record Command : ICommand<Response>;

    public sealed record Response(int Recorded, DateOnly From, DateOnly? StaleFrom);

    public sealed class Handler(PolicyTrackerDbContext db, CountyClock clock, RemindersOptions options, NotificationRecorder recorder)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var today = clock.Today;
            var window = await ReminderWindow.OpenAsync(db, Job, today, options.CatchUpHorizonDays, ct);
            var names = await TrackedTasks.UnitNamesAsync(db, ct);
            var leaders = await db.Leaders.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);
            var leaderAccounts = (await db.Users.AsNoTracking().Where(u => u.LeaderId != null).Select(u => new { u.Id, u.LeaderId }).ToListAsync(ct))
                .ToLookup(u => u.LeaderId!.Value, u => u.Id);
            var plans = await TrackedTasks.PublishedPlansAsync(db, clock, ct);
            var recorded = 0;
            var stale = new StaleNotices();
            // 督查室's list: how many tasks are overdue, and the longest overdue of them in plan order. Only the lines
            // that can still make the list are kept across chunks (the shortest overdue leaves the queue first).
            var overdueCount = 0;
            var listed = new PriorityQueue<ListedTask, ListedTask>(ListedTask.ShortestOverdueFirst);
            await foreach (var chunk in TrackedTasks.ByDeadlineAsync(db, plans, TrackedTasks.NotCompleted, DateOnly.MinValue, today.AddDays(-1), null, ct))
            {
                var due = new List<DueNotice>();
                foreach (var t in chunk.Where(t => t.IsOverdue(today)))
                {
                    var deadline = t.Deadline!.Value;
                    var days = today.DayNumber - deadline.DayNumber;
                    overdueCount++;
                    var listing = new ListedTask(days, t.Plan.SortKey, t.Sequence,
                        $"· {t.Label}（牵头单位：{TrackedTasks.Names(t.LeadUnitIds, names)}，时限{deadline:M月d日}，逾期{days}天{(t.Status == TrackingStatus.CompletionRequested ? "，已申请办结待确认" : "")}）");
                    if (listed.Count < options.OverdueListMaxLines) listed.Enqueue(listing, listing);
                    else if (listed.Count > 0) listed.EnqueueDequeue(listing, listing);
                    if (t.Status != TrackingStatus.CompletionRequested)
                        foreach (var unitId in t.LeadUnitIds)
                        {
                            var recipient = Recipient.OfUnit(unitId);
                            due.Add(new DueNotice(today, new PlannedNotice($"overdue:{t.Id:N}:{recipient.Key}:{today:yyyyMMdd}", "overdue",
                                $"【逾期通报】任务已逾期{days}天",
                                $"{t.Label}\n完成时限：{deadline:yyyy年M月d日}，已逾期{days}天。请立即推进，确有困难的请说明原因。",
                                recipient, t.Id)));
                        }
                    // A task published already overdue gets the same grace after publishing before its leader hears of it.
                    var escalateDay = (deadline > t.PublishedOn ? deadline : t.PublishedOn).AddDays(options.EscalateAfterDaysOverdue);
                    if (t.Status == TrackingStatus.CompletionRequested || escalateDay < window.Earliest || escalateDay > today) continue;
                    var leaderName = t.LeaderId is { } lid ? leaders.GetValueOrDefault(lid) : null;
                    var accounts = t.LeaderId is { } id ? leaderAccounts[id].ToList() : [];
                    var body = $"{t.Label}\n牵头单位：{TrackedTasks.Names(t.LeadUnitIds, names)}\n完成时限：{deadline:yyyy年M月d日}，已逾期{days}天，经通报仍未办结，提请领导督促。";
                    var recipients = accounts.Count > 0
                        ? accounts.Select(Recipient.OfUser).ToList()
                        : [Recipient.OfRole(Roles.Supervisor)];
                    if (accounts.Count == 0) body += leaderName is null ? "\n（该任务未明确责任领导）" : $"\n（责任领导{leaderName}未绑定账号，请督查室转呈）";
                    foreach (var recipient in recipients)
                    {
                        var escalation = new DueNotice(escalateDay, new PlannedNotice($"escalation:{t.Id:N}:{recipient.Key}:{deadline:yyyyMMdd}", "escalation",
                            $"【逾期升级】任务逾期超过{options.EscalateAfterDaysOverdue}天", body, recipient, t.Id));
                        if (window.IsStale(escalation)) stale.Add(escalation, t);
                        else due.Add(escalation);
                    }
                }
                recorded += await recorder.RecordAsync(window.Individually(due), ct);
            }
            if (overdueCount > 0)
            {
                var lines = listed.UnorderedItems.Select(i => i.Element)
                    .OrderBy(l => l.Plan, StringComparer.Ordinal).ThenBy(l => l.Sequence).Select(l => l.Line).ToList();
                if (overdueCount > lines.Count)
                    lines.Add($"（以上为逾期最久的{lines.Count}项，另有{overdueCount - lines.Count}项未列出，请在任务页勾选“仅逾期”查看全部。）");
                recorded += await recorder.RecordAsync(window.Individually([new DueNotice(today, new PlannedNotice($"overdue-list:{today:yyyyMMdd}", "overdue-list",
                    $"【逾期通报】今日共{overdueCount}项任务逾期", string.Join("\n", lines), Recipient.OfRole(Roles.Supervisor)))]), ct);
            }
            recorded += await recorder.RecordAsync(window.Digests(stale.InPlanOrder), ct);
            await window.CloseAsync(db, ct);
            return new(recorded, window.From, window.StaleFrom);
        }
    }

    /// <summary>A line of 督查室's list; ordered so that the task to drop first (least overdue, then last in plan order) comes first.</summary>
    private sealed record ListedTask(int Days, string Plan, int Sequence, string Line)
    {
        public static readonly IComparer<ListedTask> ShortestOverdueFirst = Comparer<ListedTask>.Create((a, b) =>
            a.Days != b.Days ? a.Days.CompareTo(b.Days)
            : string.CompareOrdinal(a.Plan, b.Plan) is var plan and not 0 ? -plan
            : -a.Sequence.CompareTo(b.Sequence));
    }
}
