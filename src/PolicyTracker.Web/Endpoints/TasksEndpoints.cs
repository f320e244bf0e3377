using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Web.Endpoints;

public static class TasksEndpoints
{
    public sealed record VersionBody(Guid? Version);
    public sealed record SummaryBody(string Summary, Guid? Version);
    public sealed record ReasonBody(string Reason, Guid? Version);
    public sealed record GradeBody(CompletionGrade Grade, Guid? Version);
    public sealed record NoteBody(string? Note);
    public sealed record ReplyBody(string Reply);
    public sealed record TextBody(string Text);

    public static void MapTasksEndpoints(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").WithTags("Tasks").RequireAuthorization();

        tasks.MapGet("/", async ([AsParameters] ListTasks.Query q, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(q, ct)));
        tasks.MapGet("/{id:guid}", async (Guid id, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetTask.Query(id), ct)));
        tasks.MapGet("/{id:guid}/timeline", async (Guid id, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetTimeline.Query(id), ct)));

        tasks.MapPost("/{id:guid}/acknowledge", async (Guid id, VersionBody? body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new AcknowledgeTask.Command(id, body?.Version), ct)));

        // multipart/form-data so evidence files travel with the report they prove.
        tasks.MapPost("/{id:guid}/progress", async (Guid id, [FromForm] int percent, [FromForm] string? narrative, [FromForm] string? actuals,
                [FromForm] Guid? version, IFormFileCollection? files, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ReportProgress.Command(id, percent, narrative ?? "", ParseActuals(actuals), await ReadAsync(files, ct), version), ct)))
            .DisableAntiforgery();
        tasks.MapPost("/{id:guid}/contributions", async (Guid id, [FromForm] string? narrative, IFormFileCollection? files, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ContributeToTask.Command(id, narrative ?? "", await ReadAsync(files, ct)), ct)))
            .DisableAntiforgery();

        tasks.MapPost("/{id:guid}/completion-request", async (Guid id, SummaryBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new RequestCompletion.Command(id, body.Summary ?? "", body.Version), ct)));
        tasks.MapPost("/{id:guid}/extension-requests", async (Guid id, RequestExtension.Command cmd, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(cmd with { TaskId = id, Reason = cmd.Reason ?? "" }, ct)));
        tasks.MapPost("/{id:guid}/urges", async (Guid id, UrgeTask.Command cmd, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(cmd with { TaskId = id, Instruction = cmd.Instruction ?? "" }, ct)));
        tasks.MapPost("/{id:guid}/confirm-completion", async (Guid id, GradeBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ConfirmCompletion.Command(id, body.Grade, body.Version), ct)));
        tasks.MapPost("/{id:guid}/send-back", async (Guid id, ReasonBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new SendBackTask.Command(id, body.Reason ?? "", body.Version), ct)));
        tasks.MapPost("/{id:guid}/reopen", async (Guid id, ReasonBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ReopenTask.Command(id, body.Reason ?? "", body.Version), ct)));
        tasks.MapPost("/{id:guid}/instructions", async (Guid id, TextBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new GiveInstruction.Command(id, body.Text ?? ""), ct)));

        var extensions = app.MapGroup("/api/extension-requests").WithTags("Tasks").RequireAuthorization();
        extensions.MapGet("/", async (RequestDecision? decision, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ListExtensionRequests.Query(decision ?? RequestDecision.Pending), ct)));
        extensions.MapPost("/{id:guid}/approve", async (Guid id, NoteBody? body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ApproveExtension.Command(id, body?.Note), ct)));
        extensions.MapPost("/{id:guid}/reject", async (Guid id, NoteBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new RejectExtension.Command(id, body.Note ?? ""), ct)));

        var urges = app.MapGroup("/api/urges").WithTags("Tasks").RequireAuthorization();
        urges.MapGet("/", async (bool? open, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListUrges.Query(open ?? true), ct)));
        urges.MapPost("/{id:guid}/reply", async (Guid id, ReplyBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ReplyToUrge.Command(id, body.Reply ?? ""), ct)));

        app.MapGet("/api/workbench", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new GetWorkbench.Query(), ct)))
            .WithTags("Tasks").RequireAuthorization();
        app.MapGet("/api/evidence/{id:guid}", async (Guid id, ISender s, CancellationToken ct) =>
        {
            var file = await s.Send(new DownloadEvidence.Query(id), ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }).WithTags("Tasks").RequireAuthorization();
    }

    private static async Task<IReadOnlyList<EvidenceUpload>> ReadAsync(IFormFileCollection? files, CancellationToken ct)
    {
        var uploads = new List<EvidenceUpload>();
        foreach (var file in files ?? (IReadOnlyList<IFormFile>)[])
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            uploads.Add(new(file.FileName, buffer.ToArray()));
        }
        return uploads;
    }

    private static IReadOnlyList<ReportProgress.ActualValue>? ParseActuals(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<List<ReportProgress.ActualValue>>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            throw new ValidationException([new ValidationFailure("actuals", "指标实际值格式有误，应为 [{\"targetId\":\"…\",\"value\":数值}]")]);
        }
    }
}
