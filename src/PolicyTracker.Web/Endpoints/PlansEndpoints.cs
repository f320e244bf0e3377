using Mediator;
using PolicyTracker.Core;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Plans;
using PolicyTracker.Web.Infrastructure;

namespace PolicyTracker.Web.Endpoints;

public static class PlansEndpoints
{
    public static void MapPlansEndpoints(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization();

        // multipart/form-data with one file; its bytes go to the extractor, nothing is kept if it can't be read.
        imports.MapPost("/", async (HttpRequest request, TrackingOptions options, ISender sender, CancellationToken ct) =>
        {
            var upload = await UploadReader.ReadSingleFileAsync(request, options.ImportMaxBytes, ct);
            var response = await sender.Send(new ImportPlan.Command(upload.FileName, upload.Content), ct);
            return TypedResults.Created($"/api/imports/{response.ImportId}", response);
        }).DisableAntiforgery();

        imports.MapPost("/{id:guid}/publish", async (Guid id, bool? replaceDuplicates, ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new PublishImport.Command(id, replaceDuplicates ?? false), ct)));

        imports.MapGet("/", async (ImportStatus? status, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ListImports.Query(status ?? ImportStatus.PendingReview), ct)));
        imports.MapGet("/{id:guid}", async (Guid id, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetImport.Query(id), ct)));
        imports.MapGet("/{id:guid}/units", async (Guid id, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListImportUnits.Query(id), ct)));
        imports.MapPost("/{id:guid}/unit-mappings", async (Guid id, MapImportUnit.Command cmd, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(cmd with { ImportId = id, Name = cmd.Name ?? "" }, ct)));
        imports.MapPost("/{id:guid}/discard", async (Guid id, VersionBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new DiscardImport.Command(id, body.Version), ct)));
        imports.MapPut("/{id:guid}/documents/{d:int}", async (Guid id, int d, ReviseImportDocument.Command cmd, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(cmd with { ImportId = id, DocumentIndex = d }, ct)));
        imports.MapPost("/{id:guid}/documents/{d:int}/tasks", async (Guid id, int d, TaskBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new AddImportTask.Command(id, d, body.Version, body.Task), ct)));
        imports.MapPut("/{id:guid}/documents/{d:int}/tasks/{t:int}", async (Guid id, int d, int t, TaskBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ReviseImportTask.Command(id, d, t, body.Version, body.Task), ct)));
        imports.MapPost("/{id:guid}/documents/{d:int}/tasks/{t:int}/merge", async (Guid id, int d, int t, MergeBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new MergeImportTasks.Command(id, d, t, body.Version, body.With), ct)));
        imports.MapPost("/{id:guid}/documents/{d:int}/tasks/{t:int}/split", async (Guid id, int d, int t, SplitBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new SplitImportTask.Command(id, d, t, body.Version, body.Parts ?? []), ct)));
        imports.MapPost("/{id:guid}/documents/{d:int}/tasks/{t:int}/exclude", async (Guid id, int d, int t, ExcludeBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ExcludeImportTask.Command(id, d, t, body.Version, body.Excluded ?? true), ct)));

        app.MapGet("/api/plans", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListPlans.Query(), ct)))
            .WithTags("Plans").RequireAuthorization();
    }

    public sealed record VersionBody(Guid Version);
    public sealed record TaskBody(Guid Version, DraftTask Task);
    public sealed record MergeBody(Guid Version, int With);
    public sealed record SplitBody(Guid Version, IReadOnlyList<string>? Parts);
    public sealed record ExcludeBody(Guid Version, bool? Excluded);
}
