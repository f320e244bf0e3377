using System.Net;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>The dashboard's targets card reads a bounded number of targets, the newest published plans first.</summary>
public sealed class TargetAttainmentTests
{
    [Fact]
    public async Task Targets_come_from_the_newest_published_plans_in_task_order_and_no_more_than_asked()
    {
        await using var app = new TestApp();
        var world = await TrackingWorld.CreateAsync(app);
        await app.WithDbAsync(async db =>
        {
            var unit = new Unit("县发改局", UnitKind.CountyDepartment);
            Plan PlanWith(string title, int tasks, bool targets, int daysLater, bool publish)
            {
                var plan = new Plan(null, null, title, null, null, null, null, app.Clock.GetUtcNow());
                for (var i = 1; i <= tasks; i++)
                    plan.AddTask(new TaskDraft($"{title}任务{i}", null, null, null, null, [unit], [], null, null, true,
                        targets ? [new TargetDraft($"{title}指标{i}", null, Comparator.AtLeast, i * 10, "个")] : []));
                if (publish) plan.Publish(app.Clock.GetUtcNow().AddDays(daysLater));
                return plan;
            }
            // Newer than the world's plan: one with targets, then a newer one without any, and a draft that is not shown.
            db.AddRange(unit, PlanWith("较新方案", 3, true, 1, true), PlanWith("最新方案", 2, false, 2, true), PlanWith("草稿方案", 2, true, 3, false));
            await db.SaveChangesAsync();
        });
        var leader = await app.SignInAsync("leader");

        var three = await leader.GetJsonAsync("/api/dashboard/targets?take=3");
        Assert.Equal(["较新方案指标1", "较新方案指标2", "较新方案指标3"], three.EnumerateArray().Select(t => t.GetProperty("text").GetString()));
        var all = await leader.GetJsonAsync("/api/dashboard/targets");
        Assert.Equal(["较新方案指标1", "较新方案指标2", "较新方案指标3", "新增限上贸易企业10家以上"],
            all.EnumerateArray().Select(t => t.GetProperty("text").GetString()));
        Assert.Equal(world.TargetA, all[3].GetProperty("targetId").GetGuid());

        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/dashboard/targets?take=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/dashboard/targets?take=501")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignInAsync("staffA")).GetAsync("/api/dashboard/targets")).StatusCode);
    }
}
