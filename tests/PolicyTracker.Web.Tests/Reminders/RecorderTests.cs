using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;
using PolicyTracker.Web.Tests.Infrastructure;
using Unit = PolicyTracker.Core.Domain.Unit;

namespace PolicyTracker.Web.Tests.Reminders;

public sealed class RecorderTests
{
    [Fact]
    public async Task A_key_another_instance_is_writing_at_the_same_moment_is_recorded_once_and_the_rest_still_are()
    {
        await using var one = new TestApp();
        await using var two = new TestApp(databasePath: one.DatabasePath);
        var unitId = await one.WithDbAsync(async db =>
        {
            var unit = new Unit("县发改局", UnitKind.CountyDepartment);
            db.Units.Add(unit);
            db.UnitChannels.Add(new UnitChannel(unit.Id, DeliveryChannel.Email, "fagaiju@example.cn"));
            await db.SaveChangesAsync();
            return unit.Id;
        });
        var recipient = Recipient.OfUnit(unitId);
        PlannedNotice Notice(string key) => new(key, "test", key, "正文", recipient);

        // Instance two holds the write lock with "x" inserted but not committed: one's check can't see it, its insert waits.
        await using var scopeTwo = two.Services.CreateAsyncScope();
        var dbTwo = scopeTwo.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
        await using var tx = await dbTwo.Database.BeginTransactionAsync();
        await scopeTwo.ServiceProvider.GetRequiredService<NotificationRecorder>().StageAsync(Notice("x"), default);
        await dbTwo.SaveChangesAsync();

        var recording = Task.Run(async () =>
        {
            await using var scope = one.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<NotificationRecorder>().RecordAsync([Notice("x"), Notice("y")], default);
        });
        await Task.Delay(500);
        await tx.CommitAsync();

        Assert.Equal(1, await recording);
        var keys = await one.WithDbAsync(db => db.Notifications.OrderBy(n => n.DedupKey).Select(n => n.DedupKey).ToListAsync());
        Assert.Equal(["x", "y"], keys);
        Assert.Equal(2, await one.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Notices_recorded_in_bulk_read_back_as_written_each_once_with_an_outbox_row_per_channel_and_per_address()
    {
        await using var app = new TestApp();
        var unitId = await app.WithDbAsync(async db =>
        {
            var unit = new Unit("县发改局", UnitKind.CountyDepartment);
            db.Units.Add(unit);
            db.UnitChannels.Add(new UnitChannel(unit.Id, DeliveryChannel.Email, "fagaiju@example.cn"));
            db.UnitChannels.Add(new UnitChannel(unit.Id, DeliveryChannel.Webhook, "https://robot.example.cn/hook", WebhookFormat.DingTalk));
            db.UnitChannels.Add(new UnitChannel(unit.Id, DeliveryChannel.Webhook, "https://old.example.cn/hook") { Enabled = false });
            await db.SaveChangesAsync();
            return unit.Id;
        });
        var supervisor = await app.CreateUserAsync("duchashi", Roles.Supervisor);
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == supervisor.Id)).Email = "duchashi@example.cn";
            await db.SaveChangesAsync();
        });
        var taskId = Guid.NewGuid();
        // More than one statement's and one transaction's worth, so every batch boundary is crossed.
        var notices = Enumerable.Range(0, 2 * NotificationRecorder.BatchSize + 7)
            .Select(i => i % 3 == 0
                ? new PlannedNotice($"bulk:{i}", "deadline", $"【到期提醒】第{i}条", $"《方案》第{i}项\n完成时限：2026年3月31日", Recipient.OfRole(Roles.Supervisor))
                : new PlannedNotice($"bulk:{i}", "deadline", $"【到期提醒】第{i}条", $"《方案》第{i}项\n完成时限：2026年3月31日", Recipient.OfUnit(unitId), taskId))
            .ToList();
        var toUnit = notices.Count(n => n.Recipient.UnitId is not null);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var recorder = scope.ServiceProvider.GetRequiredService<NotificationRecorder>();
            Assert.Equal(notices.Count, await recorder.RecordAsync([.. notices, notices[5]], default));
            Assert.Equal(0, await recorder.RecordAsync(notices, default));
        }

        var stored = await app.WithDbAsync(db => db.Notifications.ToDictionaryAsync(n => n.DedupKey));
        Assert.Equal(notices.Count, stored.Count);
        foreach (var notice in notices)
        {
            var n = stored[notice.DedupKey];
            Assert.Equal((notice.Kind, notice.Title, notice.Body, notice.Recipient.UnitId, notice.Recipient.Role, notice.TaskId, (DateTimeOffset?)null),
                (n.Kind, n.Title, n.Body, n.RecipientUnitId, n.RecipientRole, n.TaskId, n.ReadAt));
            Assert.Equal(app.Clock.GetUtcNow(), n.CreatedAt);
        }
        var outbox = await app.WithDbAsync(db => db.OutboxMessages.ToListAsync());
        Assert.Equal(2 * toUnit + (notices.Count - toUnit), outbox.Count);
        Assert.All(outbox, m => Assert.True(m.IsPending && m.Attempts == 0 && m.NextAttemptAt == app.Clock.GetUtcNow()));
        var byNotification = outbox.ToLookup(m => m.NotificationId);
        foreach (var n in stored.Values)
        {
            var destinations = byNotification[n.Id].Select(m => (m.Channel, m.Destination, m.Format)).Order().ToList();
            Assert.Equal(n.RecipientUnitId is null
                ? [(DeliveryChannel.Email, "duchashi@example.cn", WebhookFormat.Json)]
                : [(DeliveryChannel.Email, "fagaiju@example.cn", WebhookFormat.Json), (DeliveryChannel.Webhook, "https://robot.example.cn/hook", WebhookFormat.DingTalk)],
                destinations);
        }
        // The inbox reads them like any other notification.
        Assert.Equal(toUnit, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.RecipientUnitId == unitId && n.ReadAt == null)));
    }

    [Fact]
    public async Task Recording_the_same_notices_again_adds_nothing()
    {
        await using var app = new TestApp();
        await using var scope = app.Services.CreateAsyncScope();
        var recorder = scope.ServiceProvider.GetRequiredService<NotificationRecorder>();
        PlannedNotice[] notices = [new("k1", "test", "t", "b", Recipient.OfRole(Roles.Supervisor)), new("k2", "test", "t", "b", Recipient.OfRole(Roles.Supervisor))];
        Assert.Equal(2, await recorder.RecordAsync(notices, default));
        Assert.Equal(0, await recorder.RecordAsync(notices, default));
        Assert.Equal(2, await app.WithDbAsync(db => db.Notifications.CountAsync()));
    }

    [Fact]
    public async Task A_robot_that_answers_200_with_an_error_code_counts_as_a_failed_delivery()
    {
        await using var hook = await HookSink.StartAsync();
        hook.ErrorCode = 310000;
        await using var app = new TestApp();
        await using var scope = app.Services.CreateAsyncScope();
        var unitId = await app.WithDbAsync(async db =>
        {
            var unit = new Unit("县发改局", UnitKind.CountyDepartment);
            db.Units.Add(unit);
            db.UnitChannels.Add(new UnitChannel(unit.Id, DeliveryChannel.Webhook, hook.Url, WebhookFormat.WeCom));
            await db.SaveChangesAsync();
            return unit.Id;
        });
        await scope.ServiceProvider.GetRequiredService<NotificationRecorder>().RecordAsync([new("k", "test", "标题", "正文", Recipient.OfUnit(unitId))], default);

        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DispatchOutbox.Command());

        Assert.Equal(1, result.Failed);
        var message = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync());
        Assert.Null(message.SentAt);
        Assert.Contains("errcode=310000", message.LastError);
    }
}
