using System.Net;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

public sealed class RankingTests
{
    private static DateTimeOffset At(int month, int day) => new(2026, month, day, 2, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// March 2026, seen on 5 April. X: on time (优秀), late (良好), still open → 1/3, 2 overdue, grade 3.5.
    /// Y: on time (合格), on time (良好) → 2/2, grade 2.5. Z: on time (不合格) → 1/1, grade 1; its April task is outside the period.
    /// </summary>
    private static async Task<(Guid X, Guid Y, Guid Z)> LeagueAsync(TestApp app) => await app.WithDbAsync(async db =>
    {
        var x = new Unit("县甲局", UnitKind.CountyDepartment);
        var y = new Unit("县乙局", UnitKind.CountyDepartment);
        var z = new Unit("县丙局", UnitKind.CountyDepartment);
        var plan = new Plan(null, null, "排名测试方案", null, null, null, null, At(3, 1));
        PlanTask Add(Unit lead, int month, int day, Unit? co = null) =>
            plan.AddTask(new TaskDraft($"任务{plan.Tasks.Count + 1}", null, null, null, null, [lead], co is null ? [] : [co],
                new DateOnly(2026, month, day), null, false, []));
        void Close(PlanTask task, int month, int day, CompletionGrade grade)
        {
            task.RequestCompletion("完成", At(month, day));
            task.ConfirmCompletion(grade, At(month, day), new DateOnly(2026, month, day));
        }
        Close(Add(x, 3, 10, co: y), 3, 8, CompletionGrade.Excellent);
        Close(Add(x, 3, 20), 3, 25, CompletionGrade.Good);
        Add(x, 3, 31);
        Close(Add(y, 3, 15), 3, 15, CompletionGrade.Pass);
        Close(Add(y, 3, 31), 3, 30, CompletionGrade.Good);
        Close(Add(z, 3, 31), 3, 31, CompletionGrade.Fail);
        Add(z, 4, 30);
        plan.Publish(At(3, 1));
        db.AddRange(x, y, z, plan);
        await db.SaveChangesAsync();
        return (x.Id, y.Id, z.Id);
    });

    [Fact]
    public async Task The_monthly_league_table_ranks_units_by_on_time_rate_then_overdue_then_grade()
    {
        await using var app = new TestApp();
        var (x, y, z) = await LeagueAsync(app);
        app.Clock.SetUtcNow(At(4, 5));
        await app.CreateUserAsync("leader", Roles.Leader);
        var leader = await app.SignInAsync("leader");

        var table = await leader.GetJsonAsync("/api/rankings?from=2026-03-01&to=2026-03-31");
        var rows = table.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([y, z, x], rows.Select(r => r.GetProperty("unitId").GetGuid()));
        Assert.Equal([2, 1, 3], rows.Select(r => r.GetProperty("due").GetInt32()));
        Assert.Equal([1.0, 1.0, 0.3333], rows.Select(r => r.GetProperty("onTimeRate").GetDouble()));
        Assert.Equal([0, 0, 2], rows.Select(r => r.GetProperty("overdue").GetInt32()));
        Assert.Equal([2.5, 1.0, 3.5], rows.Select(r => r.GetProperty("averageGrade").GetDouble()));
        Assert.Equal([1, 2, 3], rows.Select(r => r.GetProperty("rank").GetInt32()));
    }

    [Fact]
    public async Task The_unit_dashboard_counts_each_lead_units_tasks_and_overdue_ones()
    {
        await using var app = new TestApp();
        var (x, _, z) = await LeagueAsync(app);
        app.Clock.SetUtcNow(At(4, 5));
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        var units = (await sup.GetJsonAsync("/api/dashboard/units")).EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetGuid());
        Assert.Equal(3, units[x].GetProperty("total").GetInt32());
        Assert.Equal(2, units[x].GetProperty("completed").GetInt32());
        Assert.Equal(1, units[x].GetProperty("overdue").GetInt32());
        Assert.Equal(2, units[z].GetProperty("total").GetInt32());
        var summary = await sup.GetJsonAsync("/api/dashboard/summary");
        Assert.Equal(7, summary.GetProperty("total").GetInt32());
        Assert.Equal(5, summary.GetProperty("completed").GetInt32());
        Assert.Equal(1, summary.GetProperty("red").GetInt32());
    }

    [Fact]
    public async Task Unit_staff_cannot_read_the_county_dashboards()
    {
        await using var app = new TestApp();
        var (x, _, _) = await LeagueAsync(app);
        await app.CreateUserAsync("staff", Roles.UnitStaff, x);
        var staff = await app.SignInAsync("staff");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/rankings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/dashboard/units")).StatusCode);
    }
}
