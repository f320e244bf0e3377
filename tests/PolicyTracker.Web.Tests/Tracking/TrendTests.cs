using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

public sealed class TrendTests
{
    [Fact]
    public async Task The_weekly_trend_counts_reports_by_county_week_and_closings_by_their_day()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staffA = await app.SignInAsync("staffA");
        var staffC = await app.SignInAsync("staffC");
        var sup = await app.SignInAsync("sup");
        var leader = await app.SignInAsync("leader");

        // Monday 2 March, and Sunday 8 March 23:30 in the county (15:30 UTC): both in the week of 2 March.
        (await staffA.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(10, "启动"))).EnsureSuccessStatusCode();
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 8, 15, 30, 0, TimeSpan.Zero));
        (await staffA.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(20, "周日晚上报"))).EnsureSuccessStatusCode();
        // Monday 9 March 00:30 in the county: the next week. Task C is closed on Wednesday 11 March.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 8, 16, 30, 0, TimeSpan.Zero));
        (await staffC.PostAsync($"/api/tasks/{w.TaskC}/progress", HttpJson.Progress(90, "基本完成"))).EnsureSuccessStatusCode();
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 11, 2, 0, 0, TimeSpan.Zero));
        (await staffC.PostJsonAsync($"/api/tasks/{w.TaskC}/completion-request", new { summary = "宣传已开展" })).EnsureSuccessStatusCode();
        (await sup.PostJsonAsync($"/api/tasks/{w.TaskC}/confirm-completion", new { grade = "Good" })).EnsureSuccessStatusCode();

        var trend = (await leader.GetJsonAsync("/api/dashboard/trend?weeks=3")).EnumerateArray().ToList();
        Assert.Equal(["2026-02-23", "2026-03-02", "2026-03-09"], trend.Select(r => r.GetProperty("weekStart").GetString()));
        Assert.Equal([0, 2, 1], trend.Select(r => r.GetProperty("progressUpdates").GetInt32()));
        Assert.Equal([0, 0, 1], trend.Select(r => r.GetProperty("completed").GetInt32()));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await staffA.GetAsync("/api/dashboard/trend")).StatusCode);
    }
}
