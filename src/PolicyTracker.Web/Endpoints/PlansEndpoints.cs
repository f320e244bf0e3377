using Mediator;
using PolicyTracker.Core.Features.Plans;

namespace PolicyTracker.Web.Endpoints;

public static class PlansEndpoints
{
    public static void MapPlansEndpoints(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization();

        // multipart/form-data with one file; its bytes go to the extractor, nothing is kept if it can't be read.
        imports.MapPost("/", async (IFormFile file, ISender sender, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            var response = await sender.Send(new ImportPlan.Command(file.FileName, buffer.ToArray()), ct);
            return TypedResults.Created($"/api/imports/{response.ImportId}", response);
        }).DisableAntiforgery();

        imports.MapPost("/{id:guid}/publish", async (Guid id, bool? replaceDuplicates, ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new PublishImport.Command(id, replaceDuplicates ?? false), ct)));
    }
}
