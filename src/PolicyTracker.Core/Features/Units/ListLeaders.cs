using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Units;

/// <summary>The county leaders (县领导) named as responsible for tasks.</summary>
public static class ListLeaders
{
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(Guid Id, string Name, string? Title);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            if (!Roles.All.Contains(user.Role)) throw new ForbiddenException("请先登录");
            return await db.Leaders.AsNoTracking().OrderBy(l => l.Name).Select(l => new Row(l.Id, l.Name, l.Title)).ToListAsync(ct);
        }
    }
}
