using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Units;

/// <summary>Adds a unit to the registry; a name already used as a unit or an alias is refused.</summary>
public static class CreateUnit
{
    public sealed record Command(string Name, UnitKind? Kind) : ICommand<Response>;

    public sealed record Response(Guid Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Name).NotEmpty().WithMessage("请填写单位名称").MaximumLength(200);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            if (await new UnitRegistry(db).FindAsync(cmd.Name, ct) is { } existing)
                throw new DomainException($"名称“{UnitNaming.Clean(cmd.Name)}”已属于单位“{existing.Name}”");
            var unit = new Unit(cmd.Name, cmd.Kind ?? Unit.GuessKind(cmd.Name));
            db.Units.Add(unit);
            await db.SaveChangesAsync(ct);
            return new(unit.Id);
        }
    }
}
