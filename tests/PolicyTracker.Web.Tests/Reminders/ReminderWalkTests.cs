using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Reminders;

public sealed class ReminderWalkTests
{
    [Fact]
    public async Task Three_months_day_by_day_yield_exactly_the_due_notifications()
    {
        await using var app = new TestApp();
        var s = await ReminderScenario.PublishAsync(app);
        for (var day = ReminderScenario.Start; day <= ReminderScenario.End; day = day.AddDays(1))
        {
            ReminderScenario.SetTime(app, day, ReminderScenario.RunAt);
            await ReminderScenario.RunRemindersAsync(app);
            await s.ApplyEventsAsync(app, day);
        }
        Assert.Equal(ReminderScenario.Expected(), await s.NotificationsAsync(app));
    }

    [Fact]
    public async Task A_restart_midway_on_the_same_database_neither_repeats_nor_misses_a_notification()
    {
        var path = Path.Combine(Path.GetTempPath(), "policytracker-tests", $"{Guid.NewGuid():N}.db");
        try
        {
            ReminderScenario s;
            var restartOn = new DateOnly(2026, 4, 9);
            await using (var first = new TestApp(databasePath: path))
            {
                s = await ReminderScenario.PublishAsync(first);
                for (var day = ReminderScenario.Start; day < restartOn; day = day.AddDays(1))
                {
                    ReminderScenario.SetTime(first, day, ReminderScenario.RunAt);
                    await ReminderScenario.RunRemindersAsync(first);
                    await s.ApplyEventsAsync(first, day);
                }
            }
            await using var second = new TestApp(databasePath: path);
            for (var day = restartOn; day <= ReminderScenario.End; day = day.AddDays(1))
            {
                ReminderScenario.SetTime(second, day, ReminderScenario.RunAt);
                await ReminderScenario.RunRemindersAsync(second);
                if (day == restartOn) await ReminderScenario.RunRemindersAsync(second); // a job re-run after the restart
                await s.ApplyEventsAsync(second, day);
            }
            Assert.Equal(ReminderScenario.Expected(), await s.NotificationsAsync(second));
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    [Fact]
    public async Task Two_instances_running_the_jobs_at_once_on_one_database_record_each_notification_once()
    {
        await using var one = new TestApp();
        await using var two = new TestApp(databasePath: one.DatabasePath);
        var s = await ReminderScenario.PublishAsync(one);
        await one.WithDbAsync(async db =>
        {
            db.UnitChannels.Add(new UnitChannel(s.B, DeliveryChannel.Email, "caizheng@example.cn"));
            await db.SaveChangesAsync();
        });
        two.CreateClient();
        for (var day = ReminderScenario.Start; day <= ReminderScenario.End; day = day.AddDays(1))
        {
            ReminderScenario.SetTime(one, day, ReminderScenario.RunAt);
            ReminderScenario.SetTime(two, day, ReminderScenario.RunAt);
            await Task.WhenAll(ReminderScenario.RunRemindersAsync(one), ReminderScenario.RunRemindersAsync(two));
            await s.ApplyEventsAsync(one, day);
        }
        Assert.Equal(ReminderScenario.Expected(), await s.NotificationsAsync(one));
        // Each notice to B has exactly one e-mail in the outbox: the losing instance's rows rolled back with its notification.
        var (toB, mails) = await one.WithDbAsync(async db => (
            await db.Notifications.CountAsync(n => n.RecipientUnitId == s.B),
            await db.OutboxMessages.CountAsync()));
        Assert.Equal(toB, mails);
    }

    [Fact]
    public async Task After_downtime_missed_reminders_are_sent_once_marked_late_and_older_ones_come_as_one_digest()
    {
        await using var app = new TestApp(); // catch-up horizon: 3 days (appsettings)
        var s = await ReminderScenario.PublishAsync(app);
        var offFrom = new DateOnly(2026, 3, 12);
        var backOn = new DateOnly(2026, 3, 20);
        for (var day = ReminderScenario.Start; day <= backOn; day = day.AddDays(1))
        {
            if (day < offFrom || day >= backOn)
            {
                ReminderScenario.SetTime(app, day, ReminderScenario.RunAt);
                await ReminderScenario.RunRemindersAsync(app);
                await ReminderScenario.RunRemindersAsync(app);
            }
            await s.ApplyEventsAsync(app, day);
        }
        var toB = await app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.RecipientUnitId == s.B && (n.Kind == "deadline" || n.Kind == "digest"))
            .Select(n => new { n.Kind, n.Title, n.Body, n.DedupKey }).ToListAsync());
        // Due 3月13日 (7 days before): older than the horizon, so summarized; 3月17日 and 3月19日: late; 3月20日: on time.
        var digest = Assert.Single(toB, n => n.Kind == "digest");
        Assert.Contains("3月13日", digest.Body);
        Assert.Contains("3月12日—3月16日", digest.Title);
        var deadline = toB.Where(n => n.Kind == "deadline").OrderBy(n => n.DedupKey).ToList();
        Assert.Equal(3, deadline.Count);
        Assert.Equal(2, deadline.Count(n => n.Title.EndsWith("（补发）")));
        Assert.Contains(deadline, n => n.Body.StartsWith("原定于2026年3月17日发送"));
        Assert.Contains(deadline, n => n.Body.StartsWith("原定于2026年3月19日发送"));
        Assert.Single(deadline, n => n.Title == "【到期提醒】任务今天到期");
    }
}
