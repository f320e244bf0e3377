using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>Review: correct a drafted document's 文号, titles, issuer or date.</summary>
public static class ReviseImportDocument
{
    public sealed record Command(Guid ImportId, int DocumentIndex, Guid Version, string? DocNumber, string? NoticeTitle,
        string? PlanTitle, string? Issuer, DateOnly? IssuedOn) : ICommand<ReviewResult>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Version).NotEmpty().WithMessage("缺少版本号");
            RuleFor(c => c).Must(c => !string.IsNullOrWhiteSpace(c.NoticeTitle) || !string.IsNullOrWhiteSpace(c.PlanTitle))
                .WithName("planTitle").WithMessage("方案必须有标题");
            RuleFor(c => c.DocNumber).MaximumLength(100);
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, ReviewResult>
    {
        public async ValueTask<ReviewResult> Handle(Command cmd, CancellationToken ct) =>
            new(await ImportReview.ReviseAsync(db, user, cmd.ImportId, cmd.Version, "修改文件信息", draft =>
            {
                var doc = ImportReview.Document(draft, cmd.DocumentIndex);
                doc.DocNumber = Blank(cmd.DocNumber);
                doc.NoticeTitle = Blank(cmd.NoticeTitle);
                doc.PlanTitle = Blank(cmd.PlanTitle);
                doc.Issuer = Blank(cmd.Issuer);
                doc.IssuedOn = cmd.IssuedOn;
                return $"{doc.DocNumber} {doc.PlanTitle ?? doc.NoticeTitle}";
            }, ct));

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }
}

/// <summary>The import's new version after a review edit (send it with the next edit), and the task index it concerns.</summary>
public sealed record ReviewResult(Guid Version, int? Index = null);
