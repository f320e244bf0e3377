using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>Download a 佐证材料 file; only those who may see its task may read it.</summary>
public static class DownloadEvidence
{
    public sealed record Query(Guid EvidenceId) : IQuery<Response>;

    public sealed record Response(Stream Content, string FileName, string ContentType);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, EvidenceStore store) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query q, CancellationToken ct)
        {
            var file = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(e => e.Id == q.EvidenceId, ct)
                ?? throw new NotFoundException("佐证材料", q.EvidenceId);
            var taskId = await db.ProgressUpdates.Where(p => p.Id == file.ProgressUpdateId).Select(p => p.TaskId).FirstAsync(ct);
            var task = await db.Tasks.AsNoTracking().Include(t => t.Units).FirstAsync(t => t.Id == taskId, ct);
            user.MustSee(task);
            return new(store.Open(file), file.FileName, file.ContentType);
        }
    }
}
