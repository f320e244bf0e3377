using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Units;

/// <summary>Teaches the registry another spelling of a unit, so imports map it without review.</summary>
public static class AddUnitAlias
{
    public sealed record Command(Guid UnitId, string Alias) : ICommand<Response>;

    public sealed record Response(Guid Id, IReadOnlyList<string> Aliases);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Alias).NotEmpty().WithMessage("请填写别名").MaximumLength(200);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var unit = await db.Units.Include(u => u.Aliases).FirstOrDefaultAsync(u => u.Id == cmd.UnitId, ct)
                ?? throw new NotFoundException("单位", cmd.UnitId);
            if (await new UnitRegistry(db).FindAsync(cmd.Alias, ct) is { } other && other.Id != unit.Id)
                throw new DomainException($"名称“{UnitNaming.Clean(cmd.Alias)}”已属于单位“{other.Name}”");
            var before = unit.Aliases.Count;
            unit.AddAlias(cmd.Alias);
            if (unit.Aliases.Count > before) db.UnitAliases.Add(unit.Aliases[^1]);
            await db.SaveChangesAsync(ct);
            return new(unit.Id, unit.Aliases.Select(a => a.Name).ToList());
        }
    }
}
