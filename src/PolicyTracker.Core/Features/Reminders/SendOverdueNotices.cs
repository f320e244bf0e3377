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
            var due = new List<DueNotice>();
            var overdue = (await TrackedTasks.LoadAsync(db, clock, ct, t => t.Status != TrackingStatus.Completed && t.Deadline < today))
                .Where(t => t.Task.IsOverdue(today)).ToList();
            foreach (var t in overdue)
            {
                var deadline = t.Task.Deadline!.Value;
                var days = today.DayNumber - deadline.DayNumber;
                if (t.Task.Status != TrackingStatus.CompletionRequested)
                    foreach (var unitId in t.Task.LeadUnitIds)
                    {
                        var recipient = Recipient.OfUnit(unitId);
                        due.Add(new DueNotice(today, new PlannedNotice($"overdue:{t.Task.Id:N}:{recipient.Key}:{today:yyyyMMdd}", "overdue",
                            $"【逾期通报】任务已逾期{days}天",
                            $"{t.Label}\n完成时限：{deadline:yyyy年M月d日}，已逾期{days}天。请立即推进，确有困难的请说明原因。",
                            recipient, t.Task.Id)));
                    }
                // A task published already overdue gets the same grace after publishing before its leader hears of it.
                var escalateDay = (deadline > t.PublishedOn ? deadline : t.PublishedOn).AddDays(options.EscalateAfterDaysOverdue);
                if (t.Task.Status == TrackingStatus.CompletionRequested || escalateDay < window.Earliest || escalateDay > today) continue;
                var leaderName = t.Task.LeaderId is { } lid ? leaders.GetValueOrDefault(lid) : null;
                var accounts = t.Task.LeaderId is { } id ? leaderAccounts[id].ToList() : [];
                var body = $"{t.Label}\n牵头单位：{TrackedTasks.Names(t.Task.LeadUnitIds, names)}\n完成时限：{deadline:yyyy年M月d日}，已逾期{days}天，经通报仍未办结，提请领导督促。";
                var recipients = accounts.Count > 0
                    ? accounts.Select(Recipient.OfUser).ToList()
                    : [Recipient.OfRole(Roles.Supervisor)];
                if (accounts.Count == 0) body += leaderName is null ? "\n（该任务未明确责任领导）" : $"\n（责任领导{leaderName}未绑定账号，请督查室转呈）";
                foreach (var recipient in recipients)
                    due.Add(new DueNotice(escalateDay, new PlannedNotice($"escalation:{t.Task.Id:N}:{recipient.Key}:{deadline:yyyyMMdd}", "escalation",
                        $"【逾期升级】任务逾期超过{options.EscalateAfterDaysOverdue}天", body, recipient, t.Task.Id)));
            }
            if (overdue.Count > 0)
            {
                var lines = overdue.Select(t => $"· {t.Label}（牵头单位：{TrackedTasks.Names(t.Task.LeadUnitIds, names)}，时限{t.Task.Deadline:M月d日}，逾期{today.DayNumber - t.Task.Deadline!.Value.DayNumber}天{(t.Task.Status == TrackingStatus.CompletionRequested ? "，已申请办结待确认" : "")}）");
                due.Add(new DueNotice(today, new PlannedNotice($"overdue-list:{today:yyyyMMdd}", "overdue-list",
                    $"【逾期通报】今日共{overdue.Count}项任务逾期", string.Join("\n", lines), Recipient.OfRole(Roles.Supervisor))));
            }
            var recorded = await recorder.RecordAsync(window.Plan(due), ct);
            await window.CloseAsync(db, ct);
            return new(recorded, window.From, window.StaleFrom);
        }
    }
}
