using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>放弃: the import is not published; it is kept as discarded, not deleted, for the record.</summary>
public static class DiscardImport
{
    public sealed record Command(Guid ImportId, Guid Version) : ICommand<ReviewResult>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Version).NotEmpty().WithMessage("缺少版本号");
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, ReviewResult>
    {
        public async ValueTask<ReviewResult> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var import = await db.PlanImports.FindRequiredAsync(cmd.ImportId, ct);
            ImportReview.ExpectVersion(db, import, cmd.Version);
            import.Discard();
            await db.SaveChangesAsync(ct);
            return new(import.Version);
        }
    }
}
