using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>Review: add a task the extractor missed; it is placed by its source line.</summary>
public static class AddImportTask
{
    public sealed record Command(Guid ImportId, int DocumentIndex, Guid Version, DraftTask Task) : ICommand<ReviewResult>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Version).NotEmpty().WithMessage("缺少版本号");
            RuleFor(c => c.Task).NotNull().WithMessage("缺少任务内容").SetValidator(new DraftTaskValidator());
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, ReviewResult>
    {
        public async ValueTask<ReviewResult> Handle(Command cmd, CancellationToken ct)
        {
            var index = 0;
            var version = await ImportReview.ReviseAsync(db, user, cmd.ImportId, cmd.Version, "补充任务", draft =>
            {
                var doc = ImportReview.Document(draft, cmd.DocumentIndex);
                var task = DraftTaskValidator.Normalise(cmd.Task);
                // Without a source line the task goes last; with one, before the first task that starts later.
                index = task.Line > 0 ? doc.Tasks.FindIndex(t => t.Line > task.Line) : -1;
                if (index < 0) index = doc.Tasks.Count;
                doc.Tasks.Insert(index, task);
                return ImportReview.Short(task.Text);
            }, ct);
            return new(version, index);
        }
    }
}
