using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>进展填报: the lead unit reports percent complete, actual values against targets, a narrative and evidence.</summary>
public static class ReportProgress
{
    public sealed record Command(Guid TaskId, int Percent, string Narrative, IReadOnlyList<ActualValue>? Actuals,
        IReadOnlyList<EvidenceUpload>? Files, Guid? Version = null) : ICommand<Response>;

    public sealed record ActualValue(Guid TargetId, decimal Value);

    public sealed record Response(Guid ProgressUpdateId, int PercentComplete, TrackingStatus Status, WarningLight Light, Guid Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Percent).InclusiveBetween(0, 100).WithMessage("完成进度必须在0到100之间");
            RuleFor(c => c.Narrative).NotEmpty().WithMessage("请填写进展情况").MaximumLength(4000);
            RuleFor(c => c.Files).Must(f => f is null || f.Count <= 10).WithMessage("一次最多上传10个文件");
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock, EvidenceStore store,
        TrackingOptions options) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            var unit = user.MustLead(task);
            db.ExpectVersion(task, cmd.Version);
            var files = cmd.Files ?? [];
            var types = store.CheckAll(files);
            var actuals = (cmd.Actuals ?? []).GroupBy(a => a.TargetId).ToDictionary(g => g.Key, g => g.Last().Value);
            var update = task.ReportProgress(unit, user.Id, cmd.Percent, cmd.Narrative.Trim(), actuals, clock.Now);
            // Added after its files are attached: adding the graph marks the evidence rows new too (their keys are preset).
            await store.SaveWithAsync(update, files, types, () =>
            {
                db.ProgressUpdates.Add(update);
                return db.SaveChangesAsync(ct);
            }, ct);
            var publishedAt = await TaskLoading.PlanPublishedAt(db, task.PlanId, ct);
            var start = publishedAt is { } at ? clock.DayOf(at) : (DateOnly?)null;
            return new(update.Id, task.PercentComplete, task.Status, task.Light(clock.Today, options.Thresholds, start), task.Version);
        }
    }
}
