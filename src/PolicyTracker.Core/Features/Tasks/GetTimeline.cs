using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>留痕: a task's full audit trail, oldest first.</summary>
public static class GetTimeline
{
    public sealed record Query(Guid TaskId) : IQuery<IReadOnlyList<TimelineEntry>>;

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<TimelineEntry>>
    {
        public async ValueTask<IReadOnlyList<TimelineEntry>> Handle(Query q, CancellationToken ct)
        {
            var task = await db.Tasks.AsNoTracking().Include(t => t.Units).FirstOrDefaultAsync(t => t.Id == q.TaskId, ct)
                ?? throw new NotFoundException("任务", q.TaskId);
            user.MustSee(task);
            return await TimelineEntry.ForTask(db, task.Id).ToListAsync(ct);
        }
    }
}
