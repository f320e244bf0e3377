using Mediator;
using PolicyTracker.Core.Features.Dashboard;

namespace PolicyTracker.Web.Endpoints;

public static class DashboardEndpoints
{
    public static void MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization();
        dashboard.MapGet("/summary", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetSummary.Query(), ct)));
        dashboard.MapGet("/units", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetUnitStats.Query(), ct)));
        dashboard.MapGet("/leaders", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetLeaderStats.Query(), ct)));
        dashboard.MapGet("/plans", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetPlanStats.Query(), ct)));
        dashboard.MapGet("/trend", async (int? weeks, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetTrend.Query(weeks ?? 12), ct)));
        dashboard.MapGet("/targets", async (int? take, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetTargetAttainment.Query(take ?? 20), ct)));
        app.MapGet("/api/rankings", async (DateOnly? from, DateOnly? to, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new GetRanking.Query(from, to), ct))).WithTags("Dashboard").RequireAuthorization();
    }
}
