using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>
/// Review: one drafted task is really several; it is replaced by one task per given part, each keeping the
/// original's units, leader and deadline, and the targets whose wording appears in that part.
/// </summary>
public static class SplitImportTask
{
    public sealed record Command(Guid ImportId, int DocumentIndex, int TaskIndex, Guid Version, IReadOnlyList<string> Parts)
        : ICommand<ReviewResult>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Version).NotEmpty().WithMessage("缺少版本号");
            RuleFor(c => c.Parts).NotNull().Must(p => p.Count >= 2).WithMessage("拆分至少需要两部分");
            RuleForEach(c => c.Parts).NotEmpty().WithMessage("拆分后的任务内容不能为空").MaximumLength(4000);
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, ReviewResult>
    {
        public async ValueTask<ReviewResult> Handle(Command cmd, CancellationToken ct) =>
            new(await ImportReview.ReviseAsync(db, user, cmd.ImportId, cmd.Version, "拆分任务", draft =>
            {
                var doc = ImportReview.Document(draft, cmd.DocumentIndex);
                var original = ImportReview.Task(doc, cmd.TaskIndex);
                var parts = cmd.Parts.Select((text, i) => new DraftTask
                {
                    Line = original.Line,
                    EndLine = original.EndLine,
                    Text = text.Trim(),
                    Title = i == 0 ? original.Title : null,
                    Section = original.Section,
                    Leader = original.Leader,
                    LeadUnits = original.LeadUnits.ToList(),
                    CoUnits = original.CoUnits.ToList(),
                    Deadline = original.Deadline,
                    DeadlineText = original.DeadlineText,
                    Ongoing = original.Ongoing,
                    Targets = original.Targets.Where(t => text.Contains(t.Text)).ToList(),
                    Reporting = original.Reporting.ToList(),
                }).ToList();
                // A target found in no part stays with the first, so nothing measurable is lost by splitting.
                parts[0].Targets.AddRange(original.Targets.Where(t => parts.All(p => !p.Targets.Contains(t))));
                doc.Tasks.RemoveAt(cmd.TaskIndex);
                doc.Tasks.InsertRange(cmd.TaskIndex, parts);
                return $"{ImportReview.Short(original.Text)} → {parts.Count} 项";
            }, ct), cmd.TaskIndex);
    }
}
