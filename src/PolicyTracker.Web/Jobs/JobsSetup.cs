using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using PolicyTracker.Core.Domain;
using PolicyTracker.Migrations;

namespace PolicyTracker.Web.Jobs;

/// <summary>Scheduler settings (section "Jobs").</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";
    /// <summary>Run a Hangfire server in this instance (tests switch it off and call the jobs directly).</summary>
    public bool RunServer { get; set; } = true;
    public int WorkerCount { get; set; } = 2;
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
        services.AddHangfire(h =>
        {
            h.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.Postgres)
                h.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString));
            else
                h.UseInMemoryStorage();
        });
        if (options.RunServer) services.AddHangfireServer(o => o.WorkerCount = options.WorkerCount);
        return services;
    }

    public static void MapPolicyTrackerJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new SupervisionOnlyDashboardFilter()],
            DashboardTitle = "PolicyTracker 后台任务",
        });
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
