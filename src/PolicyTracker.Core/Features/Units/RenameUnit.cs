using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Units;

/// <summary>更名 (机构改革): the unit keeps its tasks and accounts; its old name becomes an alias.</summary>
public static class RenameUnit
{
    public sealed record Command(Guid UnitId, string Name) : ICommand<Response>;

    public sealed record Response(Guid Id, string Name);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Name).NotEmpty().WithMessage("请填写单位名称").MaximumLength(200);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var unit = await db.Units.Include(u => u.Aliases).FirstOrDefaultAsync(u => u.Id == cmd.UnitId, ct)
                ?? throw new NotFoundException("单位", cmd.UnitId);
            if (await new UnitRegistry(db).FindAsync(cmd.Name, ct) is { } other && other.Id != unit.Id)
                throw new DomainException($"名称“{UnitNaming.Clean(cmd.Name)}”已属于单位“{other.Name}”");
            var before = unit.Aliases.ToList();
            unit.Rename(cmd.Name);
            // New alias rows carry preset keys; they are added explicitly so EF inserts rather than updates them.
            foreach (var alias in unit.Aliases.Except(before)) db.UnitAliases.Add(alias);
            await db.SaveChangesAsync(ct);
            return new(unit.Id, unit.Name);
        }
    }
}
