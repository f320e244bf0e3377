using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Features.Units;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>Review: every unit name the draft uses, whether the registry knows it, and look-alike units to map it to.</summary>
public static class ListImportUnits
{
    public sealed record Query(Guid ImportId) : IQuery<IReadOnlyList<UnitMapping>>;

    public sealed record UnitMapping(string Name, Guid? UnitId, string? UnitName, string Status, IReadOnlyList<Suggestion> Suggestions);

    public sealed record Suggestion(Guid UnitId, string Name, double Score);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<UnitMapping>>
    {
        public async ValueTask<IReadOnlyList<UnitMapping>> Handle(Query q, CancellationToken ct)
        {
            user.MustBeSupervision();
            var import = await db.PlanImports.FindRequiredAsync(q.ImportId, ct);
            var draft = ImportDraft.FromJson(import.DraftJson);
            var names = draft.Documents.SelectMany(d => d.Tasks).Where(t => !t.Excluded)
                .SelectMany(t => t.LeadUnits.Concat(t.CoUnits)).Distinct().ToList();
            var registry = new UnitRegistry(db);
            var result = new List<UnitMapping>();
            foreach (var name in names)
            {
                var known = await registry.FindAsync(name, ct);
                if (known is not null)
                {
                    result.Add(new(name, known.Id, known.Name, "Known", []));
                    continue;
                }
                var suggestions = await registry.SuggestAsync(name, 5, ct);
                result.Add(new(name, null, null, "New", suggestions.Select(s => new Suggestion(s.Unit.Id, s.Unit.Name, Math.Round(s.Score, 3))).ToList()));
            }
            return result;
        }
    }
}
