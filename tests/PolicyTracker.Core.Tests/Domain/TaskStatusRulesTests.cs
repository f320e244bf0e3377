using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Tests.Domain;

public sealed class TaskStatusRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<Guid, decimal> NoActuals = [];

    [Fact]
    public void A_published_task_starts_not_started_and_progress_moves_it_in_progress()
    {
        var (_, task, lead, _) = SamplePlans.PublishedTask();
        Assert.Equal(TrackingStatus.NotStarted, task.Status);
        task.ReportProgress(lead.Id, null, 30, "已启动", NoActuals, Now);
        Assert.Equal(TrackingStatus.InProgress, task.Status);
        Assert.Equal(30, task.PercentComplete);
        Assert.NotNull(task.AcknowledgedAt);
    }

    [Fact]
    public void Completion_goes_through_request_then_confirmation_with_a_grade()
    {
        var (_, task, lead, _) = SamplePlans.PublishedTask();
        task.ReportProgress(lead.Id, null, 80, "基本完成", NoActuals, Now);
        task.RequestCompletion("已完成", Now);
        Assert.Equal(TrackingStatus.CompletionRequested, task.Status);
        task.ConfirmCompletion(CompletionGrade.Good, Now, new DateOnly(2026, 4, 1));
        Assert.Equal(TrackingStatus.Completed, task.Status);
        Assert.Equal(CompletionGrade.Good, task.Grade);
    }

    [Fact]
    public void A_task_cannot_be_confirmed_without_a_completion_request()
    {
        var (_, task, _, _) = SamplePlans.PublishedTask();
        Assert.Throws<DomainException>(() => task.ConfirmCompletion(CompletionGrade.Excellent, Now, new DateOnly(2026, 4, 1)));
    }

    [Fact]
    public void Sending_back_a_completion_request_returns_the_task_to_in_progress()
    {
        var (_, task, _, _) = SamplePlans.PublishedTask();
        task.RequestCompletion("完成", Now);
        task.SendBack("佐证材料不足");
        Assert.Equal(TrackingStatus.InProgress, task.Status);
    }

    [Fact]
    public void A_closed_task_refuses_progress_until_reopened()
    {
        var (_, task, lead, _) = SamplePlans.PublishedTask();
        task.RequestCompletion("完成", Now);
        task.ConfirmCompletion(CompletionGrade.Pass, Now, new DateOnly(2026, 4, 1));
        Assert.Throws<DomainException>(() => task.ReportProgress(lead.Id, null, 100, "补充", NoActuals, Now));
        task.Reopen("领导要求继续推进");
        Assert.Equal(TrackingStatus.InProgress, task.Status);
        Assert.Null(task.Grade);
        task.ReportProgress(lead.Id, null, 90, "继续推进", NoActuals, Now);
    }

    [Fact]
    public void Only_a_closed_task_can_be_reopened()
    {
        var (_, task, _, _) = SamplePlans.PublishedTask();
        Assert.Throws<DomainException>(() => task.Reopen("无"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Percent_complete_must_be_between_0_and_100(int percent)
    {
        var (_, task, lead, _) = SamplePlans.PublishedTask();
        Assert.Throws<DomainException>(() => task.ReportProgress(lead.Id, null, percent, "x", NoActuals, Now));
    }

    [Fact]
    public void A_task_is_overdue_only_after_its_deadline_and_while_not_closed()
    {
        var (_, task, _, _) = SamplePlans.PublishedTask(new DateOnly(2026, 6, 30));
        Assert.False(task.IsOverdue(new DateOnly(2026, 6, 30)));
        Assert.True(task.IsOverdue(new DateOnly(2026, 7, 1)));
        task.RequestCompletion("完成", Now);
        task.ConfirmCompletion(CompletionGrade.Good, Now, new DateOnly(2026, 7, 2));
        Assert.False(task.IsOverdue(new DateOnly(2026, 7, 3)));
    }

    [Fact]
    public void The_light_is_red_when_overdue_yellow_when_due_soon_or_behind_and_green_otherwise()
    {
        var thresholds = new WarningThresholds(DueSoonDays: 3, BehindSchedulePercent: 20);
        var (_, task, lead, _) = SamplePlans.PublishedTask(new DateOnly(2026, 6, 30));
        var start = new DateOnly(2026, 3, 2);
        Assert.Equal(WarningLight.Red, task.Light(new DateOnly(2026, 7, 1), thresholds, start));
        Assert.Equal(WarningLight.Yellow, task.Light(new DateOnly(2026, 6, 28), thresholds, start));
        // Two thirds of the time gone with nothing done is behind schedule.
        Assert.Equal(WarningLight.Yellow, task.Light(new DateOnly(2026, 5, 20), thresholds, start));
        task.ReportProgress(lead.Id, null, 70, "按计划推进", NoActuals, Now);
        Assert.Equal(WarningLight.Green, task.Light(new DateOnly(2026, 5, 20), thresholds, start));
    }

    [Fact]
    public void An_extension_must_be_requested_before_the_deadline_for_a_later_date()
    {
        var (_, task, _, _) = SamplePlans.PublishedTask(new DateOnly(2026, 6, 30));
        Assert.Throws<DomainException>(() => task.RequestExtension(new DateOnly(2026, 8, 31), "原因", null, new DateOnly(2026, 7, 1), Now));
        Assert.Throws<DomainException>(() => task.RequestExtension(new DateOnly(2026, 6, 1), "原因", null, new DateOnly(2026, 5, 1), Now));
        var request = task.RequestExtension(new DateOnly(2026, 8, 31), "资金未到位", null, new DateOnly(2026, 6, 1), Now);
        request.Approve(task, null, "同意", Now);
        Assert.Equal(new DateOnly(2026, 8, 31), task.Deadline);
        Assert.Equal(new DateOnly(2026, 6, 30), task.OriginalDeadline);
        Assert.Throws<DomainException>(() => request.Reject(task, null, "重复处理", Now));
    }

    [Fact]
    public void Only_co_units_contribute_and_every_change_renews_the_concurrency_token()
    {
        var (_, task, lead, co) = SamplePlans.PublishedTask();
        var version = task.Version;
        task.Contribute(co.Id, null, "已配合提供数据", Now);
        Assert.NotEqual(version, task.Version);
        Assert.Throws<ForbiddenException>(() => task.Contribute(lead.Id, null, "牵头单位不是配合单位", Now));
    }

    [Fact]
    public void A_target_actual_is_recorded_and_judged_against_its_comparator()
    {
        var (_, task, lead, _) = SamplePlans.PublishedTask(null, new TargetDraft("新增企业10家以上", "新增企业", Comparator.AtLeast, 10, "家"));
        var target = task.Targets.Single();
        Assert.Null(target.IsAttained);
        task.ReportProgress(lead.Id, null, 50, "进展", new Dictionary<Guid, decimal> { [target.Id] = 8 }, Now);
        Assert.Equal(8, target.LatestActual);
        Assert.False(target.IsAttained);
        task.ReportProgress(lead.Id, null, 90, "进展", new Dictionary<Guid, decimal> { [target.Id] = 12 }, Now);
        Assert.True(target.IsAttained);
    }

    [Fact]
    public void A_task_needs_a_lead_unit()
    {
        var plan = new Plan(null, "通知", null, null, null, null, null, Now);
        Assert.Throws<DomainException>(() => plan.AddTask(new TaskDraft("内容", null, null, null, null, [], [], null, null, false, [])));
    }
}
