using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicyTracker.Core;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Migrations;

namespace PolicyTracker.Cli;

/// <summary>The same services as the web host, acting as the system user.</summary>
public static class CliServices
{
    public static IConfiguration Configuration(IDictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();

    public static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(configuration);
        services.AddPolicyTrackerCore(configuration);
        services.AddPolicyTrackerDatabase(configuration);
        services.AddSingleton<ICurrentUser, SystemUser>();
        services.AddMediator((MediatorOptions o) =>
        {
            o.ServiceLifetime = ServiceLifetime.Scoped;
            o.GenerateTypesAsInternal = true;
            o.Assemblies = [typeof(CoreServices)];
            o.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
        });
        services.AddIdentityCore<AppUser>(o => o.Password.RequiredLength = 8)
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<PolicyTrackerDbContext>();
        return services.BuildServiceProvider();
    }
}
