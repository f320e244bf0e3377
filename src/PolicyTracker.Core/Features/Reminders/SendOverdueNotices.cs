using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>
/// 逾期通报: every day each lead unit with overdue tasks gets one notice listing them, longest overdue first (a unit
/// with one gets that task's notice, pointing at it), and 督查室 receives the day's list of all of them. One notice per
/// unit, as 督查室 sends one 通报 per unit: a unit with 400 overdue tasks used to get 400 messages a day, by e-mail too.
/// These describe today's state, so days the service was off are not replayed — today's notice says how long each
/// task is overdue. 升级: after <see cref="RemindersOptions.EscalateAfterDaysOverdue"/> days the task's leader
/// (责任领导) is told once per deadline; that is an event, so a missed escalation is caught up like any reminder.
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
            var listed = new LongestOverdue(options.OverdueListMaxLines);
            void ListForSupervision(ScannedTask t, DateOnly deadline, int days)
            {
                var listing = new ListedTask(days, t.Plan.SortKey, t.Sequence,
                    $"· {t.Label}（牵头单位：{TrackedTasks.Names(t.LeadUnitIds, names)}，时限{deadline:M月d日}，逾期{days}天{(t.Status == TrackingStatus.CompletionRequested ? "，已申请办结待确认" : "")}）",
                    t.Id, deadline);
                listed.Add(listing);
            }
            // A task awaiting confirmation of its completion is 督查室's to act on, not its units' (no unit notice, no
            // escalation): it only makes 督查室's list. So only those that can make it are read (up to the list's
            // length, longest overdue first, with the rest of the last day for ties), the others only counted, from
            // the index: a province has tens of thousands.
            var awaiting = db.Tasks.Where(t => t.Status == TrackingStatus.CompletionRequested && t.Deadline < today
                && db.Plans.Any(p => p.Id == t.PlanId && p.Status == PlanStatus.Published));
            var overdueCount = await awaiting.CountAsync(ct);
            if (overdueCount > 0 && options.OverdueListMaxLines > 0)
            {
                var lastListable = await awaiting.OrderBy(t => t.Deadline).Skip(options.OverdueListMaxLines - 1).Select(t => t.Deadline).FirstOrDefaultAsync(ct);
                foreach (var t in await TrackedTasks.ScanAsync(db, lastListable is { } last ? awaiting.Where(t => t.Deadline <= last) : awaiting, plans, ct))
                    ListForSupervision(t, t.Deadline!.Value, today.DayNumber - t.Deadline!.Value.DayNumber);
            }
            // Each lead unit's list, kept the same way: its count and the lines that can still make its list.
            var byUnit = new Dictionary<Guid, LongestOverdue>();
            await foreach (var chunk in TrackedTasks.ByDeadlineAsync(db, plans, TrackedTasks.Open, DateOnly.MinValue, today.AddDays(-1), null, ct))
            {
                var due = new List<DueNotice>();
                foreach (var t in chunk.Where(t => t.IsOverdue(today)))
                {
                    var deadline = t.Deadline!.Value;
                    var days = today.DayNumber - deadline.DayNumber;
                    overdueCount++;
                    ListForSupervision(t, deadline, days);
                    var line = new ListedTask(days, t.Plan.SortKey, t.Sequence, t.Label, t.Id, deadline);
                    foreach (var unitId in t.LeadUnitIds)
                    {
                        if (!byUnit.TryGetValue(unitId, out var list)) byUnit[unitId] = list = new LongestOverdue(options.OverdueListMaxLines);
                        list.Add(line);
                    }
                    // A task published already overdue gets the same grace after publishing before its leader hears of it.
                    var escalateDay = (deadline > t.PublishedOn ? deadline : t.PublishedOn).AddDays(options.EscalateAfterDaysOverdue);
                    if (escalateDay < window.Earliest || escalateDay > today) continue;
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
            recorded += await recorder.RecordAsync(byUnit.OrderBy(u => u.Key).Select(u => UnitNotice(u.Key, u.Value, today)).ToList(), ct);
            if (overdueCount > 0)
            {
                var lines = listed.Kept
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

        /// <summary>The unit's notice of the day: its one overdue task's own, or the list of them, longest overdue first.</summary>
        private PlannedNotice UnitNotice(Guid unitId, LongestOverdue list, DateOnly today)
        {
            var recipient = Recipient.OfUnit(unitId);
            var key = $"overdue:{recipient.Key}:{today:yyyyMMdd}";
            var tasks = list.LongestOverdueFirst();
            if (list.Count == 1)
            {
                var t = tasks[0];
                return new PlannedNotice(key, "overdue", $"【逾期通报】任务已逾期{t.Days}天",
                    $"{t.Line}\n完成时限：{t.Deadline:yyyy年M月d日}，已逾期{t.Days}天。请立即推进，确有困难的请说明原因。", recipient, t.TaskId);
            }
            var lines = tasks.Select(t => $"· {t.Line}（时限{t.Deadline:M月d日}，逾期{t.Days}天）").ToList();
            lines.Add(list.Count > tasks.Count
                ? $"（以上为逾期最久的{tasks.Count}项，另有{list.Count - tasks.Count}项未列出，请在任务页勾选“仅逾期”查看全部。）"
                : "（在任务页勾选“仅逾期”可查看全部逾期任务。）");
            return new PlannedNotice(key, "overdue", $"【逾期通报】贵单位牵头的{list.Count}项任务已逾期",
                $"截至{today:M月d日}，贵单位牵头的以下{list.Count}项任务已逾期，请立即推进，确有困难的请说明原因：\n" + string.Join("\n", lines), recipient);
        }
    }

    /// <summary>
    /// A list being built task by task (督查室's, a unit's): how many tasks were offered, and the longest overdue of them
    /// up to the list's limit, kept across chunks (the shortest overdue leaves first).
    /// </summary>
    private sealed class LongestOverdue(int maxLines)
    {
        private readonly PriorityQueue<ListedTask, ListedTask> _kept = new(ListedTask.ShortestOverdueFirst);

        public int Count { get; private set; }

        public IEnumerable<ListedTask> Kept => _kept.UnorderedItems.Select(i => i.Element);

        public void Add(ListedTask task)
        {
            Count++;
            if (_kept.Count < maxLines) _kept.Enqueue(task, task);
            else if (_kept.Count > 0) _kept.EnqueueDequeue(task, task);
        }

        public List<ListedTask> LongestOverdueFirst() =>
            Kept.OrderByDescending(t => t.Days).ThenBy(t => t.Plan, StringComparer.Ordinal).ThenBy(t => t.Sequence).ToList();
    }

    /// <summary>
    /// A line of a list (督查室's: the whole line; a unit's: the task's label); ordered so that the task to drop first
    /// (least overdue, then last in plan order) comes first.
    /// </summary>
    private sealed record ListedTask(int Days, string Plan, int Sequence, string Line, Guid TaskId, DateOnly Deadline)
    {
        public static readonly IComparer<ListedTask> ShortestOverdueFirst = Comparer<ListedTask>.Create((a, b) =>
            a.Days != b.Days ? a.Days.CompareTo(b.Days)
            : string.CompareOrdinal(a.Plan, b.Plan) is var plan and not 0 ? -plan
            : -a.Sequence.CompareTo(b.Sequence));
    }
}
