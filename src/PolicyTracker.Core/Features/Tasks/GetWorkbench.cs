using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Plans;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>督查室 workbench: what waits for supervision — completion requests, extensions, open urges, imports to review.</summary>
public static class GetWorkbench
{
    public sealed record Query : IQuery<Response>;

    public sealed record Response(IReadOnlyList<TaskRow> CompletionRequests, IReadOnlyList<ExtensionView> ExtensionRequests,
        IReadOnlyList<UrgeView> OpenUrges, IReadOnlyList<ListImports.ImportRow> Imports, int Unacknowledged);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock, TrackingOptions options)
        : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query q, CancellationToken ct)
        {
            if (!user.IsSupervision() && user.Role != Roles.Leader) throw new ForbiddenException("只有督查室、管理员或县领导可以查看工作台");
            var visible = TaskRows.Visible(db, user);
            var requested = visible.Where(t => t.Status == TrackingStatus.CompletionRequested);
            var rows = await TaskRows.CompleteAsync(db,
                await TaskRows.Flatten(db, requested).OrderBy(f => f.Deadline).ToListAsync(ct), clock, options, ct);
            var ids = visible.Select(t => t.Id);
            var extensions = await ExtensionView.Of(db, db.ExtensionRequests.Where(e => e.Decision == RequestDecision.Pending && ids.Contains(e.TaskId)))
                .ToListAsync(ct);
            var urges = await UrgeView.Of(db, db.Urges.Where(u => u.RepliedAt == null && ids.Contains(u.TaskId))).ToListAsync(ct);
            var imports = await ListImports.Rows(db, ImportStatus.PendingReview, ct);
            var unacknowledged = await visible.CountAsync(t => t.AcknowledgedAt == null && t.Status != TrackingStatus.Completed, ct);
            return new(rows, extensions, urges, imports, unacknowledged);
        }
    }
}
