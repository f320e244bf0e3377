using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>催办/督办单, open ones by default; unit staff see those on their unit's tasks.</summary>
public static class ListUrges
{
    public sealed record Query(bool Open = true) : IQuery<IReadOnlyList<UrgeView>>;

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<UrgeView>>
    {
        public async ValueTask<IReadOnlyList<UrgeView>> Handle(Query q, CancellationToken ct)
        {
            var visible = TaskRows.Visible(db, user).Select(t => t.Id);
            var urges = db.Urges.Where(u => visible.Contains(u.TaskId) && (u.RepliedAt == null) == q.Open);
            return await UrgeView.Of(db, urges).ToListAsync(ct);
        }
    }
}
