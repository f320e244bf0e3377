using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Jobs;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Reminders;

/// <summary>
/// One plan published on 2026-03-02 with three tasks, and what its units do over the following three months.
/// Units A (县发改局), B (县财政局), C (县住建局); T1 led by A with B helping, due 4月15日 (extended on 4月9日 to
/// 5月15日, B replaced by C on 4月20日); T2 led by B, due 3月20日, leader 李县长 who has an account; T3 led by C, ongoing.
/// The plan has no cadence of its own, so the default monthly cycle (25th) applies.
/// </summary>
public sealed class ReminderScenario
{
    public static readonly TimeSpan RunAt = TimeSpan.FromHours(12);
    public static readonly TimeSpan EventsAt = TimeSpan.FromHours(15);
    public static readonly DateOnly Start = new(2026, 3, 2);
    public static readonly DateOnly End = new(2026, 5, 31);

    public Dictionary<Guid, string> Names { get; } = [];
    public Guid PlanId { get; private set; }
    public Guid A { get; private set; }
    public Guid B { get; private set; }
    public Guid C { get; private set; }
    public Guid T1 { get; private set; }
    public Guid T2 { get; private set; }
    public Guid T3 { get; private set; }

    public static async Task<ReminderScenario> PublishAsync(TestApp app)
    {
        var s = new ReminderScenario();
        var leaderUser = await app.CreateUserAsync("lixianzhang", Roles.Leader);
        await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var (a, b, c) = (new Unit("县发改局", UnitKind.CountyDepartment), new Unit("县财政局", UnitKind.CountyDepartment), new Unit("县住建局", UnitKind.CountyDepartment));
            var leader = new Leader("李县长", "副县长");
            db.AddRange(a, b, c, leader);
            var plan = new Plan("示政办发〔2026〕1号", null, "示范县优化营商环境行动方案", "示范县人民政府办公室", Start, null, null, now);
            var t1 = plan.AddTask(Draft("建成企业开办一站式服务专区", null, [a], [b], new DateOnly(2026, 4, 15)));
            var t2 = plan.AddTask(Draft("完成涉企收费清单公示", leader, [b], [], new DateOnly(2026, 3, 20)));
            var t3 = plan.AddTask(Draft("持续开展工程建设项目审批提速", null, [c], [], null));
            plan.Publish(now);
            db.Plans.Add(plan);
            (await db.Users.SingleAsync(u => u.Id == leaderUser.Id)).LeaderId = leader.Id;
            await db.SaveChangesAsync();
            (s.PlanId, s.A, s.B, s.C, s.T1, s.T2, s.T3) = (plan.Id, a.Id, b.Id, c.Id, t1.Id, t2.Id, t3.Id);
            s.Names[a.Id] = "A"; s.Names[b.Id] = "B"; s.Names[c.Id] = "C";
            s.Names[t1.Id] = "T1"; s.Names[t2.Id] = "T2"; s.Names[t3.Id] = "T3";
            s.Names[leaderUser.Id] = "李县长";
        });
        return s;
    }

    private static TaskDraft Draft(string text, Leader? leader, IReadOnlyList<Unit> lead, IReadOnlyList<Unit> co, DateOnly? deadline) =>
        new(text, null, null, null, leader, lead, co, deadline, deadline is null ? "长期坚持" : null, deadline is null, []);

    public static void SetTime(TestApp app, DateOnly day, TimeSpan at) =>
        app.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue) + at, TimeSpan.FromHours(8)).ToUniversalTime());

    /// <summary>Runs every reminder job once, as Hangfire would, through the job adapters.</summary>
    public static async Task RunRemindersAsync(TestApp app)
    {
        var jobs = app.Services.GetRequiredService<ReminderJobs>();
        await jobs.DeadlineRemindersAsync(CancellationToken.None);
        await jobs.ReceiptChaseAsync(CancellationToken.None);
        await jobs.OverdueNoticesAsync(CancellationToken.None);
        await jobs.ReportingRemindersAsync(CancellationToken.None);
    }

    /// <summary>What the units and offices do on <paramref name="day"/>, after that day's reminder run.</summary>
    public async Task ApplyEventsAsync(TestApp app, DateOnly day)
    {
        SetTime(app, day, EventsAt);
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            async Task<PlanTask> Task(Guid id) => await db.Tasks.Include(t => t.Units).SingleAsync(t => t.Id == id);
            switch ((day.Month, day.Day))
            {
                case (3, 2):
                    (await Task(T1)).Acknowledge(now);
                    (await Task(T3)).Acknowledge(now);
                    break;
                case (3, 10):
                    db.Add((await Task(T2)).ReportProgress(B, null, 30, "已梳理收费项目", new Dictionary<Guid, decimal>(), now));
                    break;
                case (3, 15):
                    db.Add((await Task(T1)).ReportProgress(A, null, 20, "专区选址完成", new Dictionary<Guid, decimal>(), now));
                    break;
                case (3, 24) or (4, 1):
                    db.Add((await Task(T3)).ReportProgress(C, null, 10, "审批时限压缩方案已印发", new Dictionary<Guid, decimal>(), now));
                    break;
                case (3, 26):
                    (await Task(T2)).RequestCompletion("清单已公示", now);
                    break;
                case (3, 27):
                    (await Task(T2)).ConfirmCompletion(CompletionGrade.Good, now, day);
                    break;
                case (4, 9):
                    var t1 = await Task(T1);
                    var request = t1.RequestExtension(new DateOnly(2026, 5, 15), "装修工期延长", null, day, now);
                    db.Add(request);
                    request.Approve(t1, null, "同意", now);
                    break;
                case (4, 20):
                    var units = await db.Units.Where(u => u.Id == A || u.Id == C).ToListAsync();
                    (await Task(T1)).Reassign([units.Single(u => u.Id == A)], [units.Single(u => u.Id == C)]);
                    break;
                case (4, 23):
                    db.Add((await Task(T1)).ReportProgress(A, null, 60, "专区装修过半", new Dictionary<Guid, decimal>(), now));
                    break;
                default:
                    return;
            }
            await db.SaveChangesAsync();
        });
    }

    /// <summary>Every notification as "MM-dd kind task recipient" (the county day it was recorded).</summary>
    public async Task<List<string>> NotificationsAsync(TestApp app)
    {
        var clock = app.Services.GetRequiredService<CountyClock>();
        var rows = await app.WithDbAsync(db => db.Notifications.AsNoTracking().ToListAsync());
        return rows.Select(n => $"{clock.DayOf(n.CreatedAt):MM-dd} {n.Kind} {(n.TaskId is { } t ? Names[t] : "-")} {RecipientName(n)}")
            .Order(StringComparer.Ordinal).ToList();
    }

    private string RecipientName(Notification n) =>
        n.RecipientUnitId is { } u ? Names[u] : n.RecipientUserId is { } p ? Names[p] : n.RecipientRole == Roles.Supervisor ? "督查室" : n.RecipientRole ?? "";

    /// <summary>The exact set of notifications the three months must produce.</summary>
    public static List<string> Expected()
    {
        var e = new List<string>();
        void Add(int m, int d, string kind, string task, params string[] to) => e.AddRange(to.Select(r => $"{m:00}-{d:00} {kind} {task} {r}"));
        Add(3, 4, "receipt", "T2", "B");
        Add(3, 5, "receipt-report", "-", "督查室");
        foreach (var d in new[] { 13, 17, 19, 20 }) Add(3, d, "deadline", "T2", "B");
        Add(4, 8, "deadline", "T1", "A", "B");
        foreach (var d in new[] { 8, 12, 14, 15 }) Add(5, d, "deadline", "T1", "A", "C");
        for (var d = 21; d <= 26; d++) Add(3, d, "overdue", "T2", "B");
        for (var d = 21; d <= 27; d++) Add(3, d, "overdue-list", "-", "督查室");
        for (var d = 16; d <= 31; d++) Add(5, d, "overdue", "T1", "A");
        for (var d = 16; d <= 31; d++) Add(5, d, "overdue-list", "-", "督查室");
        Add(3, 23, "escalation", "T2", "李县长");
        Add(5, 18, "escalation", "T1", "督查室");
        Add(3, 22, "reporting", "T1", "B");
        Add(3, 22, "reporting", "T3", "C");
        Add(4, 22, "reporting", "T1", "A", "C");
        Add(5, 22, "reporting", "T1", "A", "C");
        Add(5, 22, "reporting", "T3", "C");
        foreach (var (m, d) in new[] { (3, 26), (4, 26), (5, 26) }) Add(m, d, "reporting-missed", "-", "督查室");
        return e.Order(StringComparer.Ordinal).ToList();
    }
}
