using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;
using PolicyTracker.Core.Features.Reminders;

namespace PolicyTracker.Core.Features.Reports;

/// <summary>
/// 周报/月报/季报: the report of the last completed period — the 台账 of every task of the published plans as it
/// stands now, and an in-app summary (周报 to 督查室, 月报 and 季报 to 县领导). One report per kind and period however
/// often the job runs or how many instances run it; after downtime only the latest period is produced, because a
/// report describes the tasks as they stand when it is made.
/// </summary>
public static class GenerateReport
{
    public sealed record Command(ReportKind Kind) : ICommand<Response>;

    public sealed record Response(Guid ReportId, bool Created, DateOnly PeriodStart, DateOnly PeriodEnd);

    public sealed class Handler(PolicyTrackerDbContext db, CountyClock clock, TrackingOptions tracking, NotificationRecorder recorder)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var today = clock.Today;
            var (start, end) = ReportPeriods.LastCompleted(cmd.Kind, today);
            var key = $"report.{cmd.Kind}.{start:yyyyMMdd}";
            if (await ExistingAsync(key, ct) is { } existing) return new(existing, false, start, end);

            var tasks = await TrackedTasks.LoadAsync(db, clock, ct);
            var names = await TrackedTasks.UnitNamesAsync(db, ct);
            var leaders = await db.Leaders.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);
            var taskIds = tasks.Select(t => t.Task.Id).ToList();
            var latest = (await db.ProgressUpdates.AsNoTracking().Where(p => taskIds.Contains(p.TaskId))
                    .Select(p => new { p.TaskId, p.At, p.Narrative, p.Kind }).ToListAsync(ct))
                .GroupBy(p => p.TaskId)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.At).ThenBy(p => p.Kind).First());
            var updatedInPeriod = await CountUpdatesAsync(taskIds, start, end, ct);

            var rows = tasks.Select((t, i) =>
            {
                var light = t.Task.Light(today, tracking.Thresholds, t.PublishedOn);
                return new LedgerRow(i + 1, t.Task.Text, TrackedTasks.Names(t.Task.LeadUnitIds, names), TrackedTasks.Names(t.Task.CoUnitIds, names),
                    t.Task.LeaderId is { } l ? leaders.GetValueOrDefault(l, "") : "",
                    t.Task.Deadline is { } d ? $"{d:yyyy年M月d日}" : t.Task.DeadlineText ?? (t.Task.Ongoing ? "长期坚持" : ""),
                    latest.TryGetValue(t.Task.Id, out var p) ? $"{p.Narrative}（{clock.DayOf(p.At):M月d日}）" : "未报送",
                    t.Task.PercentComplete, StatusText(t.Task, today), LightText(light));
            }).ToList();
            var summary = Summary(tasks, today, updatedInPeriod, rows);
            var title = ReportPeriods.Title(cmd.Kind, start, end);
            var report = new Report(cmd.Kind, start, end, title, summary, ReportLedger.Write(rows), clock.Now);
            db.Reports.Add(report);
            var audience = cmd.Kind == ReportKind.Weekly ? Roles.Supervisor : Roles.Leader;
            await recorder.StageAsync(new PlannedNotice($"report:{cmd.Kind}:{start:yyyyMMdd}", "report", $"【{title}】已生成",
                summary + "\n详见“报表”中的台账。", Recipient.OfRole(audience)), ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return new(report.Id, true, start, end);
            }
            catch (DbUpdateException e) when (NotificationRecorder.IsUniqueViolation(e))
            {
                // Another instance made this period's report first; its report stands.
                db.ChangeTracker.Clear();
                return new(await ExistingAsync(key, ct) ?? throw new InvalidOperationException("report vanished"), false, start, end);
            }
        }

        private async Task<Guid?> ExistingAsync(string key, CancellationToken ct) =>
            await db.Reports.AsNoTracking().Where(r => r.DedupKey == key).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);

        private async Task<int> CountUpdatesAsync(List<Guid> taskIds, DateOnly start, DateOnly end, CancellationToken ct)
        {
            var from = clock.StartOf(start);
            var to = clock.StartOf(end.AddDays(1));
            return await db.ProgressUpdates.Where(p => taskIds.Contains(p.TaskId) && p.At >= from && p.At < to)
                .Select(p => p.TaskId).Distinct().CountAsync(ct);
        }
    }

    public static string StatusText(PlanTask task, DateOnly today) => task.Status switch
    {
        TrackingStatus.Completed => "已办结",
        TrackingStatus.CompletionRequested => "申请办结",
        _ when task.IsOverdue(today) => "逾期",
        TrackingStatus.InProgress => "推进中",
        _ => "未启动",
    };

    public static string LightText(WarningLight light) => light switch
    {
        WarningLight.Red => "红灯",
        WarningLight.Yellow => "黄灯",
        _ => "绿灯",
    };

    private static string Summary(List<TrackedTask> tasks, DateOnly today, int updatedInPeriod, List<LedgerRow> rows) =>
        $"截至{today:yyyy年M月d日}，共跟踪任务{tasks.Count}项：已办结{tasks.Count(t => t.Task.Status == TrackingStatus.Completed)}项，" +
        $"申请办结{tasks.Count(t => t.Task.Status == TrackingStatus.CompletionRequested)}项，推进中{tasks.Count(t => t.Task.Status == TrackingStatus.InProgress && !t.Task.IsOverdue(today))}项，" +
        $"未启动{tasks.Count(t => t.Task.Status == TrackingStatus.NotStarted && !t.Task.IsOverdue(today))}项，逾期{tasks.Count(t => t.Task.IsOverdue(today))}项；" +
        $"红灯{rows.Count(r => r.Warning == "红灯")}项、黄灯{rows.Count(r => r.Warning == "黄灯")}项。本期有{updatedInPeriod}项任务报送了进展。";
}
