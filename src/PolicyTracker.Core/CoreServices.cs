using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core;

/// <summary>Settings of the tracking rules (section "Tracking").</summary>
public sealed class TrackingOptions
{
    public const string Section = "Tracking";
    /// <summary>Yellow light when the deadline is this many days away or fewer.</summary>
    public int DueSoonDays { get; set; } = 3;
    /// <summary>Yellow light when progress trails the elapsed share of time by more than this many points.</summary>
    public int BehindSchedulePercent { get; set; } = 20;
    /// <summary>签收 expected within this many days of publishing (13710: 1 day).</summary>
    public int AcknowledgeWithinDays { get; set; } = 1;
    /// <summary>A work plan expected within this many days (13710: 3 days).</summary>
    public int PlanWithinDays { get; set; } = 3;
    /// <summary>First progress expected within this many days (13710: 7 days).</summary>
    public int FirstProgressWithinDays { get; set; } = 7;
    /// <summary>Where evidence files are stored, outside the web root.</summary>
    public string EvidenceFolder { get; set; } = "data/evidence";
    public long EvidenceMaxBytes { get; set; } = 20 * 1024 * 1024;
    public string[] EvidenceAllowedTypes { get; set; } = ["application/pdf", "image/jpeg", "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];
    public long ImportMaxBytes { get; set; } = 30 * 1024 * 1024;

    public WarningThresholds Thresholds => new(DueSoonDays, BehindSchedulePercent);
}

public static class CoreServices
{
    /// <summary>Everything the use cases need except the database and the mediator, which the hosts add.</summary>
    public static IServiceCollection AddPolicyTrackerCore(this IServiceCollection services, IConfiguration configuration)
    {
        var county = configuration.GetSection(CountyOptions.Section).Get<CountyOptions>() ?? new CountyOptions();
        var tracking = configuration.GetSection(TrackingOptions.Section).Get<TrackingOptions>() ?? new TrackingOptions();
        services.AddSingleton(county);
        services.AddSingleton(tracking);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CountyClock(sp.GetRequiredService<TimeProvider>(), CountyClock.ResolveZone(county.TimeZone)));
        services.AddSingleton<EvidenceStore>();
        // Validators hold rules, no state, and depend on singletons only: built once, not per request.
        services.AddValidatorsFromAssembly(typeof(CoreServices).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddPolicyTrackerNotifications(configuration);
        return services;
    }
}
