using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Units;

/// <summary>The county's units with their aliases, by name.</summary>
public static class ListUnits
{
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(Guid Id, string Name, UnitKind Kind, IReadOnlyList<string> Aliases);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            if (!Roles.All.Contains(user.Role)) throw new ForbiddenException("请先登录");
            var units = await db.Units.AsNoTracking().Include(u => u.Aliases).ToListAsync(ct);
            return units.OrderBy(u => u.Name, StringComparer.Ordinal)
                .Select(u => new Row(u.Id, u.Name, u.Kind, u.Aliases.Select(a => a.Name).Order(StringComparer.Ordinal).ToList())).ToList();
        }
    }
}
