using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Accounts;

/// <summary>Every account with its role, unit and whether it is locked out.</summary>
public static class ListAccounts
{
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(Guid Id, string UserName, string DisplayName, string? Role, Guid? UnitId, string? UnitName, bool LockedOut);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            user.MustBeAdmin();
            var now = clock.GetUtcNow();
            var rows = await (
                from u in db.Users.AsNoTracking()
                join unit in db.Units on u.UnitId equals unit.Id into units
                from unit in units.DefaultIfEmpty()
                orderby u.UserName
                select new
                {
                    u.Id, u.UserName, u.DisplayName, u.UnitId, UnitName = unit == null ? null : unit.Name, u.LockoutEnd,
                    Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                }).ToListAsync(ct);
            return rows.Select(r => new Row(r.Id, r.UserName ?? "", r.DisplayName, r.Role, r.UnitId, r.UnitName, r.LockoutEnd > now)).ToList();
        }
    }
}
