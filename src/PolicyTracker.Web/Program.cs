using System.Text.Json.Serialization;
using Mediator;
using PolicyTracker.Core;
using PolicyTracker.Core.Common;
using PolicyTracker.Migrations;
using PolicyTracker.Web.Endpoints;
using PolicyTracker.Web.Infrastructure;
using PolicyTracker.Web.Jobs;

// Content root is the application folder: appsettings.json and samples/ are copied there from the repository.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.Services.AddPolicyTrackerCore(builder.Configuration);
builder.Services.AddPolicyTrackerDatabase(builder.Configuration);
builder.Services.AddMediator((MediatorOptions o) =>
{
    o.ServiceLifetime = ServiceLifetime.Scoped;
    o.GenerateTypesAsInternal = true;
    o.Assemblies = [typeof(CoreServices)];
    // Validation first, so an invalid command is refused without waiting for SQLite's writer turn.
    o.PipelineBehaviors = [typeof(ValidationBehavior<,>), typeof(SqliteWriterGate<,>)];
});
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICurrentUser, HttpCurrentUser>();
builder.Services.AddPolicyTrackerAuth();
builder.Services.AddProblemDetails();
// Enums travel as their names ("InProgress", "Red"), which the UI and docs/api.md use.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddPolicyTrackerJobs(builder.Configuration);
builder.Services.AddPolicyTrackerSecurity(builder.Configuration);

var app = builder.Build();

// Before anything touches the database (Hangfire's PostgreSQL store initialises when its dashboard is mapped).
await app.PrepareDatabaseAsync();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseCookieForgeryGuard();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapHealthChecks("/health");
app.MapAuthEndpoints();
app.MapPlansEndpoints();
app.MapTasksEndpoints();
app.MapInboxEndpoints();
app.MapDashboardEndpoints();
app.MapUnitsEndpoints();
app.MapAdminEndpoints();
app.MapNotificationsEndpoints();
app.MapReportsEndpoints();
app.MapPolicyTrackerJobs();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
