using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>配合情况: a co-unit reports what it did for a task it supports; the percent stays the lead unit's.</summary>
public static class ContributeToTask
{
    public sealed record Command(Guid TaskId, string Narrative, IReadOnlyList<EvidenceUpload>? Files) : ICommand<Response>;

    public sealed record Response(Guid ProgressUpdateId);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Narrative).NotEmpty().WithMessage("请填写配合情况").MaximumLength(4000);
            RuleFor(c => c.Files).Must(f => f is null || f.Count <= 10).WithMessage("一次最多上传10个文件");
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock, EvidenceStore store)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            var unit = user.MustCoOwn(task);
            var files = cmd.Files ?? [];
            var types = store.CheckAll(files);
            var update = task.Contribute(unit, user.Id, cmd.Narrative.Trim(), clock.GetUtcNow());
            // Added after its files are attached: adding the graph marks the evidence rows new too (their keys are preset).
            await store.SaveWithAsync(update, files, types, () =>
            {
                db.ProgressUpdates.Add(update);
                return db.SaveChangesAsync(ct);
            }, ct);
            return new(update.Id);
        }
    }
}
