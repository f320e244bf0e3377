using System.Net;
using PolicyTracker.Web.Tests.Infrastructure;
using PolicyTracker.Web.Tests.Tracking;

namespace PolicyTracker.Web.Tests.Reminders;

public sealed class MissedReportsTests
{
    [Fact]
    public async Task Supervision_sees_the_units_that_reported_nothing_for_the_cycle_that_just_ended()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero));
        var staff = await app.SignInAsync("staffA");
        (await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(20, "已启动"))).EnsureSuccessStatusCode();

        // The default cycle is due on the 25th of each month; on the 26th, task A's co-unit and task C's lead owe it.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 26, 2, 0, 0, TimeSpan.Zero));
        var sup = await app.SignInAsync("sup");
        var rows = await sup.GetJsonAsync("/api/reporting/missed");
        var units = rows.EnumerateArray().ToDictionary(r => r.GetProperty("unitName").GetString()!, r => r.GetProperty("missed"));
        Assert.Equal(["县教育局", "县财政局"], units.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2026-03-25", units["县财政局"][0].GetProperty("dueDay").GetString());
        Assert.Equal("Co", units["县财政局"][0].GetProperty("role").GetString());

        var unitStaff = await app.SignInAsync("staffC");
        Assert.Equal(HttpStatusCode.Forbidden, (await unitStaff.GetAsync("/api/reporting/missed")).StatusCode);
    }
}
