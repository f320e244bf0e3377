using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;
using PolicyTracker.Core.Features.Reminders;
using PolicyTracker.Migrations;

namespace PolicyTracker.Web.Jobs;

/// <summary>Scheduler settings (section "Jobs").</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";
    /// <summary>Run a Hangfire server in this instance (tests switch it off and call the jobs directly).</summary>
    public bool RunServer { get; set; } = true;
    public int WorkerCount { get; set; } = 2;
    /// <summary>How often a server looks for due recurring jobs and for queued work (Hangfire's default: 15 s).</summary>
    public int PollingSeconds { get; set; } = 15;
    /// <summary>Cron expressions in the county's time zone, by recurring-job id; an empty value disables the job.</summary>
    public Dictionary<string, string> Schedules { get; set; } = [];

    public static readonly IReadOnlyDictionary<string, string> DefaultSchedules = new Dictionary<string, string>
    {
        [SendDeadlineReminders.Job] = "0 8 * * *",
        [ChaseAcknowledgements.Job] = "5 8 * * *",
        [SendOverdueNotices.Job] = "10 8 * * *",
        [SendReportingReminders.Job] = "15 8 * * *",
        [DispatchOutbox.Job] = "* * * * *",
        [WeeklyReport] = "0 7 * * 1",
        [MonthlyReport] = "0 7 1 * *",
        [QuarterlyReport] = "0 7 1 1,4,7,10 *",
    };

    public const string WeeklyReport = "reports.weekly";
    public const string MonthlyReport = "reports.monthly";
    public const string QuarterlyReport = "reports.quarterly";

    public string? ScheduleOf(string job) => Schedules.TryGetValue(job, out var cron) ? cron : DefaultSchedules.GetValueOrDefault(job);
}

public static class JobsSetup
{
    /// <summary>
    /// Hangfire with a disposable store: in-memory on the embedded default, PostgreSQL when the app runs there.
    /// The application database, not this store, records what was sent, so losing the store loses nothing.
    /// </summary>
    public static IServiceCollection AddPolicyTrackerJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        services.AddSingleton(options);
        // Hangfire keeps its configuration in a process-wide static and, by default, hands DI whatever store was set
        // there last; two hosts in one process (the tests, a bench) would then share one store. Each host gets its
        // own store here, created on first use (after start-up has created the database) and registered before
        // AddHangfire, which only adds one when none is registered.
        services.AddSingleton<JobStorage>(_ =>
        {
            if (database.Provider != DatabaseProvider.Postgres) return new InMemoryStorage();
            // Several instances share this store: its distributed locks let one of them enqueue each occurrence of a
            // recurring job, and each queued job is fetched by exactly one worker.
            var storageOptions = new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(options.PollingSeconds) };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, storageOptions), storageOptions);
        });
        services.AddHangfire((provider, h) => h
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
            .UseStorage(provider.GetRequiredService<JobStorage>())
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>())));
        if (options.RunServer)
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = options.WorkerCount;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(options.PollingSeconds);
            });
        services.AddSingleton<ReminderJobs>();
        return services;
    }

    public static void MapPolicyTrackerJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new SupervisionOnlyDashboardFilter()],
            DashboardTitle = "PolicyTracker 后台任务",
        });
        RegisterRecurringJobs(app.Services);
    }

    /// <summary>
    /// Stable dotted ids, so re-registering at every start-up updates the jobs instead of adding copies; schedules
    /// run in the county's time zone.
    /// </summary>
    private static void RegisterRecurringJobs(IServiceProvider services)
    {
        var options = services.GetRequiredService<JobsOptions>();
        var manager = services.GetRequiredService<IRecurringJobManager>();
        var zone = services.GetRequiredService<CountyClock>().Zone;
        void Add(string id, System.Linq.Expressions.Expression<Func<ReminderJobs, Task>> job)
        {
            if (options.ScheduleOf(id) is { Length: > 0 } cron)
                manager.AddOrUpdate(id, job, cron, new RecurringJobOptions { TimeZone = zone });
            else
                manager.RemoveIfExists(id);
        }
        Add(SendDeadlineReminders.Job, j => j.DeadlineRemindersAsync(CancellationToken.None));
        Add(ChaseAcknowledgements.Job, j => j.ReceiptChaseAsync(CancellationToken.None));
        Add(SendOverdueNotices.Job, j => j.OverdueNoticesAsync(CancellationToken.None));
        Add(SendReportingReminders.Job, j => j.ReportingRemindersAsync(CancellationToken.None));
        Add(DispatchOutbox.Job, j => j.DispatchOutboxAsync(CancellationToken.None));
        Add(JobsOptions.WeeklyReport, j => j.GenerateReportAsync(ReportKind.Weekly, CancellationToken.None));
        Add(JobsOptions.MonthlyReport, j => j.GenerateReportAsync(ReportKind.Monthly, CancellationToken.None));
        Add(JobsOptions.QuarterlyReport, j => j.GenerateReportAsync(ReportKind.Quarterly, CancellationToken.None));
    }

    /// <summary>Only admins and 督查室 may see or trigger jobs.</summary>
    private sealed class SupervisionOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor);
        }
    }
}
