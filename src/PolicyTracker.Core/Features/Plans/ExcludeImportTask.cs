using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>Review: mark a drafted item as not a task (非任务) or take the mark back; it stays visible, unpublished.</summary>
public static class ExcludeImportTask
{
    public sealed record Command(Guid ImportId, int DocumentIndex, int TaskIndex, Guid Version, bool Excluded = true) : ICommand<ReviewResult>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Version).NotEmpty().WithMessage("缺少版本号");
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, ReviewResult>
    {
        public async ValueTask<ReviewResult> Handle(Command cmd, CancellationToken ct) =>
            new(await ImportReview.ReviseAsync(db, user, cmd.ImportId, cmd.Version, cmd.Excluded ? "标记为非任务" : "恢复为任务", draft =>
            {
                var task = ImportReview.Task(ImportReview.Document(draft, cmd.DocumentIndex), cmd.TaskIndex);
                task.Excluded = cmd.Excluded;
                return ImportReview.Short(task.Text);
            }, ct), cmd.TaskIndex);
    }
}
