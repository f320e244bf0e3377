using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Reminders;

public sealed class JobRegistrationTests
{
    [Fact]
    public async Task The_recurring_jobs_are_registered_under_stable_dotted_ids_in_the_county_time_zone()
    {
        await using var app = new TestApp(settings: new() { ["Jobs:Schedules:reports.quarterly"] = "" });
        app.CreateClient();
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);
        foreach (var id in new[] { "reminders.deadline", "reminders.receipt", "reminders.overdue", "reminders.reporting", "outbox.dispatch", "reports.weekly", "reports.monthly" })
            Assert.True(jobs.ContainsKey(id), $"{id} is not registered");
        Assert.False(jobs.ContainsKey("reports.quarterly"), "an empty schedule disables the job");
        Assert.Equal("0 8 * * *", jobs["reminders.deadline"].Cron);
        Assert.Equal("Asia/Shanghai", jobs["reminders.deadline"].TimeZoneId);
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var app = new TestApp();
        Assert.False(await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));
    }
}
