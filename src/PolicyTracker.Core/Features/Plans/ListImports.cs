using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>Imports by status; by default those awaiting review (待审核).</summary>
public static class ListImports
{
    public sealed record Query(ImportStatus Status = ImportStatus.PendingReview) : IQuery<IReadOnlyList<ImportRow>>;

    public sealed record ImportRow(Guid Id, string FileName, DateTimeOffset UploadedAt, ImportStatus Status, int Documents, int Tasks);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<ImportRow>>
    {
        public async ValueTask<IReadOnlyList<ImportRow>> Handle(Query q, CancellationToken ct)
        {
            user.MustBeSupervision();
            return await Rows(db, q.Status, ct);
        }
    }

    internal static async Task<IReadOnlyList<ImportRow>> Rows(PolicyTrackerDbContext db, ImportStatus status, CancellationToken ct)
    {
        var imports = await db.PlanImports.AsNoTracking().Where(i => i.Status == status).OrderByDescending(i => i.UploadedAt)
            .Select(i => new { i.Id, i.FileName, i.UploadedAt, i.Status, i.DraftJson }).ToListAsync(ct);
        return imports.Select(i =>
        {
            var draft = ImportDraft.FromJson(i.DraftJson);
            return new ImportRow(i.Id, i.FileName, i.UploadedAt, i.Status, draft.Documents.Count,
                draft.Documents.Sum(d => d.Tasks.Count(t => !t.Excluded)));
        }).ToList();
    }
}
