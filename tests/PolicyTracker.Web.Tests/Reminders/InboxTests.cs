using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Reminders;

public sealed class InboxTests
{
    [Fact]
    public async Task Unit_staff_see_and_read_only_their_own_units_notifications()
    {
        await using var app = new TestApp();
        var s = await ReminderScenario.PublishAsync(app);
        for (var day = ReminderScenario.Start; day <= new DateOnly(2026, 3, 5); day = day.AddDays(1))
        {
            ReminderScenario.SetTime(app, day, ReminderScenario.RunAt);
            await ReminderScenario.RunRemindersAsync(app);
            await s.ApplyEventsAsync(app, day);
        }
        await app.CreateUserAsync("caizheng", Roles.UnitStaff, s.B);
        await app.CreateUserAsync("fagai", Roles.UnitStaff, s.A);
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var b = await app.SignInAsync("caizheng");
        var a = await app.SignInAsync("fagai");
        var sup = await app.SignInAsync("sup");

        var inboxB = await b.GetFromJsonAsync<JsonElement>("/api/notifications");
        var item = Assert.Single(inboxB.GetProperty("items").EnumerateArray());
        Assert.Equal("receipt", item.GetProperty("kind").GetString());
        Assert.Equal(0, (await a.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("total").GetInt32());
        Assert.Equal("receipt-report", (await sup.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("items")[0].GetProperty("kind").GetString());

        var id = item.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await a.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
        (await b.PostAsync($"/api/notifications/{id}/read", null)).EnsureSuccessStatusCode();
        Assert.Equal(0, (await b.GetFromJsonAsync<JsonElement>("/api/notifications?unreadOnly=true")).GetProperty("total").GetInt32());
    }
}
