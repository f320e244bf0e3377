using Microsoft.Extensions.Time.Testing;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Tests;

public sealed class TaskRulesTests
{
    private static readonly DateTimeOffset Published = new(2026, 3, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly WarningThresholds Thresholds = new(DueSoonDays: 3, BehindSchedulePercent: 20);

    private static PlanTask NewTask(DateOnly? deadline = null)
    {
        var plan = new Plan(null, null, "测试方案", null, null, null, null, Published);
        var unit = new Unit("县商务局", UnitKind.CountyDepartment);
        return plan.AddTask(new TaskDraft("新增限上企业10家。", null, null, null, null, [unit], [], deadline ?? new DateOnly(2026, 3, 31),
            null, false, [new TargetDraft("新增限上企业10家", null, Comparator.AtLeast, 10, "家")]));
    }

    private static PlanTask Requested()
    {
        var task = NewTask();
        task.RequestCompletion("已完成", Published);
        return task;
    }

    [Fact]
    public void A_progress_report_starts_the_task_and_records_target_actuals()
    {
        var task = NewTask();
        var update = task.ReportProgress(Guid.NewGuid(), null, 40, "进展", new Dictionary<Guid, decimal> { [task.Targets[0].Id] = 12 }, Published);
        Assert.Equal(TrackingStatus.InProgress, task.Status);
        Assert.Equal(40, task.PercentComplete);
        Assert.Equal(12, task.Targets[0].LatestActual);
        Assert.True(task.Targets[0].IsAttained);
        Assert.NotNull(task.AcknowledgedAt);
        Assert.Single(update.Actuals);
    }

    [Fact]
    public void A_target_of_another_task_is_refused_in_a_progress_report()
    {
        var task = NewTask();
        Assert.Throws<DomainException>(() => task.ReportProgress(Guid.NewGuid(), null, 40, "进展", new Dictionary<Guid, decimal> { [Guid.NewGuid()] = 1 }, Published));
    }

    [Fact]
    public void A_task_is_closed_only_after_its_unit_asked_and_can_be_reopened()
    {
        var task = NewTask();
        Assert.Throws<DomainException>(() => task.ConfirmCompletion(CompletionGrade.Good, Published, new DateOnly(2026, 3, 2)));
        task.RequestCompletion("已完成", Published);
        Assert.Equal(TrackingStatus.CompletionRequested, task.Status);
        Assert.Throws<DomainException>(() => task.RequestCompletion("再次", Published));
        Assert.Throws<DomainException>(() => task.ReportProgress(Guid.NewGuid(), null, 90, "等待确认期间", new Dictionary<Guid, decimal>(), Published));
        task.ConfirmCompletion(CompletionGrade.Excellent, Published, new DateOnly(2026, 3, 2));
        Assert.Equal((TrackingStatus.Completed, CompletionGrade.Excellent), (task.Status, task.Grade));
        Assert.Throws<DomainException>(() => task.ReportProgress(Guid.NewGuid(), null, 100, "已办结", new Dictionary<Guid, decimal>(), Published));
        Assert.Throws<DomainException>(() => task.SendBack("已办结"));
        task.Reopen("问题反弹");
        Assert.Equal(TrackingStatus.InProgress, task.Status);
        Assert.Null(task.Grade);
        Assert.Throws<DomainException>(() => task.Reopen("未办结"));
    }

    [Fact]
    public void Sending_back_returns_a_requested_task_to_work()
    {
        var task = Requested();
        task.SendBack("缺少佐证");
        Assert.Equal(TrackingStatus.InProgress, task.Status);
        Assert.Null(task.CompletionRequestedAt);
        Assert.Throws<DomainException>(() => task.SendBack("再次退回"));
    }

    [Fact]
    public void A_task_is_acknowledged_once()
    {
        var task = NewTask();
        task.Acknowledge(Published);
        Assert.Throws<DomainException>(() => task.Acknowledge(Published));
    }

    [Fact]
    public void Overdue_begins_when_the_deadline_day_ends_in_the_county()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 15, 59, 0, TimeSpan.Zero));
        var clock = new CountyClock(time, CountyClock.ResolveZone("Asia/Shanghai"));
        var task = NewTask(new DateOnly(2026, 3, 31));
        Assert.False(task.IsOverdue(clock.Today));
        time.Advance(TimeSpan.FromMinutes(1)); // 2026-04-01 00:00 in Beijing
        Assert.True(task.IsOverdue(clock.Today));
        Assert.Equal(WarningLight.Red, task.Light(clock.Today, Thresholds));
        task.RequestCompletion("完成", clock.Now);
        task.ConfirmCompletion(CompletionGrade.Pass, clock.Now, clock.Today);
        Assert.False(task.IsOverdue(clock.Today));
    }

    [Fact]
    public void An_extension_is_accepted_before_the_deadline_and_refused_after_it()
    {
        var task = NewTask(new DateOnly(2026, 3, 31));
        var request = task.RequestExtension(new DateOnly(2026, 4, 30), "天气原因", null, new DateOnly(2026, 3, 31), Published);
        Assert.Equal(new DateOnly(2026, 3, 31), request.CurrentDeadline);
        Assert.Throws<DomainException>(() => task.RequestExtension(new DateOnly(2026, 4, 30), "迟了", null, new DateOnly(2026, 4, 1), Published));
        Assert.Throws<DomainException>(() => task.RequestExtension(new DateOnly(2026, 3, 20), "提前", null, new DateOnly(2026, 3, 10), Published));
    }

    [Fact]
    public void Approving_an_extension_moves_the_deadline_once_and_keeps_the_original()
    {
        var task = NewTask(new DateOnly(2026, 3, 31));
        var request = task.RequestExtension(new DateOnly(2026, 4, 30), "天气原因", null, new DateOnly(2026, 3, 20), Published);
        request.Approve(task, null, "同意", Published);
        Assert.Equal(new DateOnly(2026, 4, 30), task.Deadline);
        Assert.Equal(new DateOnly(2026, 3, 31), task.OriginalDeadline);
        Assert.Throws<DomainException>(() => request.Reject(task, null, "改判", Published));
    }

    [Theory]
    [InlineData("2026-03-05", 0, WarningLight.Green)]   // 4 of 30 days gone, 13% of the time with nothing done: within tolerance
    [InlineData("2026-03-20", 0, WarningLight.Yellow)]  // 19 of 30 days gone with nothing done: behind schedule
    [InlineData("2026-03-20", 60, WarningLight.Green)]
    [InlineData("2026-03-28", 90, WarningLight.Yellow)] // due in 3 days
    [InlineData("2026-04-01", 90, WarningLight.Red)]
    public void The_light_follows_deadline_and_schedule(string today, int percent, WarningLight expected)
    {
        var task = NewTask(new DateOnly(2026, 3, 31));
        if (percent > 0) task.ReportProgress(Guid.NewGuid(), null, percent, "进展", new Dictionary<Guid, decimal>(), Published);
        Assert.Equal(expected, task.Light(DateOnly.Parse(today), Thresholds, new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void A_renamed_unit_answers_to_its_old_name()
    {
        var unit = new Unit("县教育局", UnitKind.CountyDepartment);
        unit.Rename("县教育和体育局");
        Assert.True(unit.IsCalled("县教育局"));
        Assert.Equal("县教育和体育局", unit.Name);
    }
}
