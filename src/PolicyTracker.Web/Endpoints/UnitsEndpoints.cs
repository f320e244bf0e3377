using Mediator;
using PolicyTracker.Core.Features.Units;

namespace PolicyTracker.Web.Endpoints;

public static class UnitsEndpoints
{
    public sealed record NameBody(string Name);
    public sealed record AliasBody(string Alias);

    public static void MapUnitsEndpoints(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags("Units").RequireAuthorization();
        units.MapGet("/", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListUnits.Query(), ct)));
        units.MapPost("/", async (CreateUnit.Command cmd, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(cmd with { Name = cmd.Name ?? "" }, ct)));
        units.MapPut("/{id:guid}", async (Guid id, NameBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new RenameUnit.Command(id, body.Name ?? ""), ct)));
        units.MapPost("/{id:guid}/aliases", async (Guid id, AliasBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new AddUnitAlias.Command(id, body.Alias ?? ""), ct)));
        app.MapGet("/api/leaders", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListLeaders.Query(), ct)))
            .WithTags("Units").RequireAuthorization();
    }
}
