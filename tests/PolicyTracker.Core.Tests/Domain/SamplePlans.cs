using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Tests.Domain;

/// <summary>Small published plans built in code for domain tests.</summary>
internal static class SamplePlans
{
    public static readonly DateTimeOffset PublishedAt = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    public static (Plan Plan, PlanTask Task, Unit Lead, Unit Co) PublishedTask(DateOnly? deadline = null, params TargetDraft[] targets)
    {
        var lead = new Unit("县发改局", UnitKind.CountyDepartment);
        var co = new Unit("县财政局", UnitKind.CountyDepartment);
        var plan = new Plan("示政办发〔2026〕1号", "关于印发某方案的通知", "某方案", "示范县人民政府办公室", new DateOnly(2026, 3, 1), "plan.txt", "hash", PublishedAt);
        var task = plan.AddTask(new TaskDraft("推进某项工作。", "推进某项工作", "二、重点任务", 10, null, [lead], [co],
            deadline ?? new DateOnly(2026, 6, 30), "2026年6月底前", false, targets));
        plan.Publish(PublishedAt);
        return (plan, task, lead, co);
    }
}
