using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>An import for review: the draft beside its source lines, and the plans it would duplicate.</summary>
public static class GetImport
{
    public sealed record Query(Guid ImportId) : IQuery<Response>;

    /// <param name="Lines">the source text; a task's Line n is Lines[n-1]</param>
    public sealed record Response(Guid Id, string FileName, ImportStatus Status, Guid Version, DateTimeOffset UploadedAt,
        IReadOnlyList<string> Lines, ImportDraft Draft, IReadOnlyList<ImportPlan.DuplicateHint> Duplicates);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query q, CancellationToken ct)
        {
            user.MustBeSupervision();
            var import = await db.PlanImports.FindRequiredAsync(q.ImportId, ct);
            var draft = ImportDraft.FromJson(import.DraftJson);
            var lines = import.SourceText.Split('\n');
            var duplicates = import.Status == ImportStatus.PendingReview ? await ImportPlan.FindDuplicatesAsync(db, draft, ct) : [];
            return new(import.Id, import.FileName, import.Status, import.Version, import.UploadedAt, lines, draft, duplicates);
        }
    }
}
