using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Units;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>
/// Review: decide what an extracted unit name means. Mapped to an existing unit, the name is rewritten to the unit's
/// canonical name in the draft and learned as an alias (Unit.AddAlias) so the next import maps it by itself;
/// confirmed as new, the unit is created now.
/// </summary>
public static class MapImportUnit
{
    public sealed record Command(Guid ImportId, Guid Version, string Name, Guid? UnitId, bool CreateNew = false, UnitKind? Kind = null)
        : ICommand<Response>;

    public sealed record Response(Guid Version, Guid UnitId, string UnitName);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Version).NotEmpty().WithMessage("缺少版本号");
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c).Must(c => c.CreateNew != (c.UnitId is not null)).WithName("unitId")
                .WithMessage("请选择一个已有单位，或确认新建单位（二者选一）");
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var import = await db.PlanImports.FindRequiredAsync(cmd.ImportId, ct);
            ImportReview.ExpectVersion(db, import, cmd.Version);
            var registry = new UnitRegistry(db);
            var current = await registry.FindAsync(cmd.Name, ct);
            Unit unit;
            if (cmd.CreateNew)
            {
                if (current is not null) throw new DomainException($"单位“{current.Name}”已存在，请直接选择");
                unit = new Unit(cmd.Name, cmd.Kind ?? Unit.GuessKind(cmd.Name));
                db.Units.Add(unit);
            }
            else
            {
                unit = await db.Units.Include(u => u.Aliases).FirstOrDefaultAsync(u => u.Id == cmd.UnitId, ct)
                    ?? throw new NotFoundException("单位", cmd.UnitId!);
                // A name that already means another unit is only rewritten in this draft, never re-pointed for everyone.
                if (current is null)
                {
                    var before = unit.Aliases.Count;
                    unit.AddAlias(cmd.Name);
                    if (unit.Aliases.Count > before) db.UnitAliases.Add(unit.Aliases[^1]);
                }
            }
            var draft = ImportDraft.FromJson(import.DraftJson);
            var clean = UnitNaming.Clean(cmd.Name);
            foreach (var task in draft.Documents.SelectMany(d => d.Tasks))
            {
                task.LeadUnits = Rewrite(task.LeadUnits, clean, unit.Name);
                task.CoUnits = Rewrite(task.CoUnits, clean, unit.Name).Except(task.LeadUnits).ToList();
            }
            import.ReviseDraft(draft.ToJson(), cmd.CreateNew ? "新建单位" : "对应单位", $"{cmd.Name} → {unit.Name}");
            await db.SaveChangesAsync(ct);
            return new(import.Version, unit.Id, unit.Name);
        }

        private static List<string> Rewrite(List<string> names, string from, string to) =>
            names.Select(n => UnitNaming.Clean(n) == from ? to : n).Distinct().ToList();
    }
}
