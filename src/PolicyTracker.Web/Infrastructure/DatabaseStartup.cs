using Mediator;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Features.Demo;
using PolicyTracker.Migrations;

namespace PolicyTracker.Web.Infrastructure;

/// <summary>Demo settings (section "Demo").</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";
    public bool SeedOnEmptyDatabase { get; set; } = true;
    /// <summary>Relative paths resolve against the application folder, where samples/ is copied.</summary>
    public string SamplePlan { get; set; } = "samples/demo-plan.txt";

    public string SamplePlanPath => Path.IsPathRooted(SamplePlan) ? SamplePlan : Path.Combine(AppContext.BaseDirectory, SamplePlan);
}

public static class DatabaseStartup
{
    /// <summary>Migrates the database before the server takes requests, then loads demo data into an empty one.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
        await db.MigrateAsync();
        var demo = app.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        if (!demo.SeedOnEmptyDatabase) return;
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SeedDemo.Command(demo.SamplePlanPath));
        if (!result.Seeded) return;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PolicyTracker.Demo");
        foreach (var a in result.Accounts)
            log.LogWarning("演示账号 demo account: {User} / {Password} ({Role}{Unit})", a.UserName, a.Password, a.Role, a.Unit is null ? "" : $", {a.Unit}");
    }
}

/// <summary>GET /health: healthy when the application database answers.</summary>
public sealed class DatabaseHealthCheck(PolicyTrackerDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct)
            ? HealthCheckResult.Healthy($"database ({db.Database.ProviderName}) reachable")
            : HealthCheckResult.Unhealthy("database unreachable");
}
