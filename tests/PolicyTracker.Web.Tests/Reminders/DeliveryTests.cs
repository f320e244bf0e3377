using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mediator;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;
using PolicyTracker.Core.Features.Reminders;
using PolicyTracker.Web.Tests.Infrastructure;
using Unit = PolicyTracker.Core.Domain.Unit;

namespace PolicyTracker.Web.Tests.Reminders;

public sealed class DeliveryTests
{
    internal static TestApp App(SmtpSink smtp, string? databasePath = null) => new(settings: new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtp.Port.ToString(),
        ["Smtp:Security"] = "None",
        ["Delivery:MaxAttempts"] = "3",
    }, databasePath: databasePath);

    /// <summary>A unit with an e-mail and a 钉钉 robot, and one task due in three days, so today's run reminds it once.</summary>
    internal static async Task<Guid> UnitWithChannelsAndReminderAsync(TestApp app, HookSink hook)
    {
        var unitId = await app.WithDbAsync(async db =>
        {
            var unit = new Unit("县发改局", UnitKind.CountyDepartment);
            db.Units.Add(unit);
            db.UnitChannels.Add(new UnitChannel(unit.Id, DeliveryChannel.Email, "fagaiju@example.cn"));
            db.UnitChannels.Add(new UnitChannel(unit.Id, DeliveryChannel.Webhook, hook.Url, WebhookFormat.DingTalk));
            var plan = new Plan(null, null, "示范县行动方案", null, null, null, null, app.Clock.GetUtcNow());
            plan.AddTask(new TaskDraft("完成专项整治", null, null, null, null, [unit], [], new DateOnly(2026, 3, 5), null, false, []));
            plan.Publish(app.Clock.GetUtcNow());
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return unit.Id;
        });
        Assert.Equal(1, (await SendAsync(app, new SendDeadlineReminders.Command())).Recorded);
        return unitId;
    }

    internal static async Task<T> SendAsync<T>(TestApp app, ICommand<T> command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command);
    }

    internal static Task<DispatchOutbox.Response> DispatchAsync(TestApp app) => SendAsync(app, new DispatchOutbox.Command());

    [Fact]
    public async Task A_reminder_reaches_the_smtp_server_and_the_robot_once()
    {
        await using var smtp = new SmtpSink();
        await using var hook = await HookSink.StartAsync();
        await using var app = App(smtp);
        await UnitWithChannelsAndReminderAsync(app, hook);

        Assert.Equal(2, (await DispatchAsync(app)).Sent);
        Assert.Equal(0, (await DispatchAsync(app)).Sent);

        var mail = Assert.Single(smtp.Messages);
        Assert.Contains("fagaiju@example.cn", mail);
        Assert.Contains("Subject:", mail);
        var (body, key) = Assert.Single(hook.Received);
        Assert.Equal("markdown", body.GetProperty("msgtype").GetString());
        Assert.Contains("到期提醒", body.GetProperty("markdown").GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(key));
        Assert.True(await app.WithDbAsync(db => db.OutboxMessages.AllAsync(m => m.SentAt != null && m.Attempts == 1)));
    }

    [Fact]
    public async Task Failing_channels_are_retried_with_backoff_then_dead_lettered_then_delivered_once_after_an_admin_retry()
    {
        await using var smtp = new SmtpSink { Failing = true };
        await using var hook = await HookSink.StartAsync();
        hook.Failing = true;
        await using var app = App(smtp);
        await UnitWithChannelsAndReminderAsync(app, hook);

        Assert.Equal(2, (await DispatchAsync(app)).Failed);
        Assert.Equal(new DispatchOutbox.Response(0, 0, 0, 0), await DispatchAsync(app)); // backing off: nothing due yet
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await DispatchAsync(app)).Failed);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, (await DispatchAsync(app)).DeadLettered);
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DispatchOutbox.Response(0, 0, 0, 0), await DispatchAsync(app)); // dead letters wait for an admin
        Assert.Empty(smtp.Messages);
        Assert.Empty(hook.Received);

        await app.CreateUserAsync("admin", Roles.Admin);
        var admin = await app.SignInAsync("admin");
        var dead = await admin.GetFromJsonAsync<JsonElement[]>("/api/outbox/dead-letters");
        Assert.Equal(2, dead!.Length);
        Assert.All(dead, d => Assert.Equal(3, d.GetProperty("attempts").GetInt32()));
        Assert.Contains(dead, d => d.GetProperty("lastError").GetString()!.Contains("451"));
        Assert.Contains(dead, d => d.GetProperty("lastError").GetString()!.Contains("500"));
        var inbox = await admin.GetFromJsonAsync<JsonElement>("/api/notifications");
        Assert.Equal(2, inbox.GetProperty("items").EnumerateArray().Count(n => n.GetProperty("kind").GetString() == "dead-letter"));

        smtp.Failing = false;
        hook.Failing = false;
        foreach (var d in dead)
            (await admin.PostAsync($"/api/outbox/{d.GetProperty("id").GetGuid()}/retry", null)).EnsureSuccessStatusCode();
        Assert.Equal(2, (await DispatchAsync(app)).Sent);
        Assert.Equal(0, (await DispatchAsync(app)).Sent);
        Assert.Single(smtp.Messages);
        Assert.Single(hook.Received);
        Assert.Empty(await admin.GetFromJsonAsync<JsonElement[]>("/api/outbox/dead-letters") ?? []);
    }

    [Fact]
    public async Task A_channel_that_recovers_gets_the_message_exactly_once()
    {
        await using var smtp = new SmtpSink { Failing = true };
        await using var hook = await HookSink.StartAsync();
        hook.Failing = true;
        await using var app = App(smtp);
        await UnitWithChannelsAndReminderAsync(app, hook);

        Assert.Equal(2, (await DispatchAsync(app)).Failed);
        smtp.Failing = false;
        hook.Failing = false;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await DispatchAsync(app)).Sent);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, (await DispatchAsync(app)).Sent);
        Assert.Single(smtp.Messages);
        Assert.Single(hook.Received);
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_send_each_message_once()
    {
        await using var smtp = new SmtpSink();
        await using var hook = await HookSink.StartAsync();
        await using var one = App(smtp);
        await using var two = App(smtp, one.DatabasePath);
        var unitId = await UnitWithChannelsAndReminderAsync(one, hook);
        // More messages, so the two dispatchers contend for many of them.
        await one.WithDbAsync(async db =>
        {
            var recorder = new NotificationRecorder(db, one.Services.GetRequiredService<Core.Common.CountyClock>());
            await recorder.RecordAsync(Enumerable.Range(0, 20).Select(i =>
                new PlannedNotice($"test:{i}", "test", $"消息{i}", "正文", Recipient.OfUnit(unitId))).ToList(), default);
        });
        two.CreateClient();
        var results = await Task.WhenAll(DispatchAsync(one), DispatchAsync(two));
        Assert.Equal(42, results.Sum(r => r.Sent));
        Assert.Equal(21, smtp.Messages.Count);
        Assert.Equal(21, hook.Received.Count);
        Assert.Equal(21, hook.Received.Select(h => h.IdempotencyKey).Distinct().Count());
        Assert.Equal(0, await one.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)));
    }

    [Fact]
    public async Task Only_admins_manage_unit_channels_and_a_bad_address_is_refused_in_chinese()
    {
        await using var app = new TestApp();
        var unitId = await app.WithDbAsync(async db =>
        {
            var unit = new Unit("县财政局", UnitKind.CountyDepartment);
            db.Units.Add(unit);
            await db.SaveChangesAsync();
            return unit.Id;
        });
        await app.CreateUserAsync("admin", Roles.Admin);
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var admin = await app.SignInAsync("admin");
        var sup = await app.SignInAsync("sup");

        var forbidden = await sup.PostAsJsonAsync("/api/unit-channels", new { unitId, channel = DeliveryChannel.Email, destination = "a@example.cn" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var bad = await admin.PostAsJsonAsync("/api/unit-channels", new { unitId, channel = DeliveryChannel.Email, destination = "不是邮箱" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("邮箱地址格式不正确", await bad.Content.ReadAsStringAsync());

        var created = await admin.PostAsJsonAsync("/api/unit-channels", new { unitId, channel = DeliveryChannel.Webhook, destination = "https://oapi.dingtalk.com/robot/send?access_token=x", format = WebhookFormat.DingTalk });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var list = await admin.GetFromJsonAsync<JsonElement[]>("/api/unit-channels");
        var item = Assert.Single(list!);
        Assert.Equal("县财政局", item.GetProperty("unitName").GetString());
        (await admin.PutAsJsonAsync($"/api/unit-channels/{id}", new { unitId, channel = DeliveryChannel.Webhook, destination = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=y", format = WebhookFormat.WeCom, enabled = false })).EnsureSuccessStatusCode();
        var changed = await app.WithDbAsync(db => db.UnitChannels.SingleAsync());
        Assert.Equal((WebhookFormat.WeCom, false), (changed.Format, changed.Enabled));
        (await admin.DeleteAsync($"/api/unit-channels/{id}")).EnsureSuccessStatusCode();
        Assert.Equal(0, await app.WithDbAsync(db => db.UnitChannels.CountAsync()));
    }
}
