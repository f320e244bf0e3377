using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>Extension requests by decision (pending ones for the workbench); unit staff see their own unit's.</summary>
public static class ListExtensionRequests
{
    public sealed record Query(RequestDecision Decision = RequestDecision.Pending) : IQuery<IReadOnlyList<ExtensionView>>;

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<ExtensionView>>
    {
        public async ValueTask<IReadOnlyList<ExtensionView>> Handle(Query q, CancellationToken ct)
        {
            var visible = TaskRows.Visible(db, user).Select(t => t.Id);
            var requests = db.ExtensionRequests.Where(e => e.Decision == q.Decision && visible.Contains(e.TaskId));
            return await ExtensionView.Of(db, requests).ToListAsync(ct);
        }
    }
}
