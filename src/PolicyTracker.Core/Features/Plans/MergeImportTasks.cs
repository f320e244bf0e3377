using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>Review: two drafted tasks are one (the extractor split a paragraph); the second is folded into the first.</summary>
public static class MergeImportTasks
{
    public sealed record Command(Guid ImportId, int DocumentIndex, int TaskIndex, Guid Version, int With) : ICommand<ReviewResult>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Version).NotEmpty().WithMessage("缺少版本号");
            RuleFor(c => c.With).NotEqual(c => c.TaskIndex).WithMessage("不能与自身合并");
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, ReviewResult>
    {
        public async ValueTask<ReviewResult> Handle(Command cmd, CancellationToken ct)
        {
            var kept = cmd.TaskIndex;
            var version = await ImportReview.ReviseAsync(db, user, cmd.ImportId, cmd.Version, "合并任务", draft =>
            {
                var doc = ImportReview.Document(draft, cmd.DocumentIndex);
                var into = ImportReview.Task(doc, cmd.TaskIndex);
                var from = ImportReview.Task(doc, cmd.With);
                into.Text = into.Text + from.Text;
                into.Line = Math.Min(into.Line, from.Line);
                into.EndLine = Math.Max(into.EndLine, from.EndLine);
                into.Title ??= from.Title;
                into.Leader ??= from.Leader;
                into.LeadUnits = into.LeadUnits.Union(from.LeadUnits).ToList();
                into.CoUnits = into.CoUnits.Union(from.CoUnits).Except(into.LeadUnits).ToList();
                // The earlier deadline binds: merging must not quietly give a unit more time.
                into.Deadline = (into.Deadline, from.Deadline) switch
                {
                    ({ } a, { } b) => a < b ? a : b,
                    (var a, var b) => a ?? b,
                };
                if (into.Deadline == from.Deadline) into.DeadlineText = from.DeadlineText ?? into.DeadlineText;
                into.Ongoing = into.Ongoing && from.Ongoing;
                into.Targets = into.Targets.Concat(from.Targets.Where(t => into.Targets.All(x => x.Text != t.Text))).ToList();
                into.Reporting = into.Reporting.Concat(from.Reporting).ToList();
                doc.Tasks.RemoveAt(cmd.With);
                if (cmd.With < cmd.TaskIndex) kept--;
                return $"{ImportReview.Short(into.Text)}";
            }, ct);
            return new(version, kept);
        }
    }
}
