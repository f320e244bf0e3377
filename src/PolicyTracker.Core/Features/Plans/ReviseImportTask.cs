using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>Review: replace any field of a drafted task (text, units, leader, deadline, targets …).</summary>
public static class ReviseImportTask
{
    public sealed record Command(Guid ImportId, int DocumentIndex, int TaskIndex, Guid Version, DraftTask Task) : ICommand<ReviewResult>;

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
        public async ValueTask<ReviewResult> Handle(Command cmd, CancellationToken ct) =>
            new(await ImportReview.ReviseAsync(db, user, cmd.ImportId, cmd.Version, "修改任务", draft =>
            {
                var doc = ImportReview.Document(draft, cmd.DocumentIndex);
                var old = ImportReview.Task(doc, cmd.TaskIndex);
                doc.Tasks[cmd.TaskIndex] = DraftTaskValidator.Normalise(cmd.Task);
                return $"{ImportReview.Short(old.Text)} → {ImportReview.Short(cmd.Task.Text)}";
            }, ct), cmd.TaskIndex);
    }
}

/// <summary>The shape of a task typed in review; business completeness (a lead unit) is checked when publishing.</summary>
public sealed class DraftTaskValidator : AbstractValidator<DraftTask>
{
    public DraftTaskValidator()
    {
        RuleFor(t => t.Text).NotEmpty().WithMessage("任务内容不能为空").MaximumLength(4000);
        RuleForEach(t => t.LeadUnits).NotEmpty().MaximumLength(200);
        RuleForEach(t => t.CoUnits).NotEmpty().MaximumLength(200);
        RuleFor(t => t.Leader).MaximumLength(50);
        RuleForEach(t => t.Targets).Must(x => !string.IsNullOrWhiteSpace(x.Text) && x.Op is ">=" or "<=" or "~" or "=")
            .WithMessage("指标须有内容，比较方式为 >=、<=、~ 或 =");
    }

    internal static DraftTask Normalise(DraftTask t)
    {
        t.Text = t.Text.Trim();
        t.LeadUnits = t.LeadUnits.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct().ToList();
        t.CoUnits = t.CoUnits.Select(u => u.Trim()).Where(u => u.Length > 0 && !t.LeadUnits.Contains(u)).Distinct().ToList();
        t.Leader = string.IsNullOrWhiteSpace(t.Leader) ? null : t.Leader.Trim();
        return t;
    }
}
