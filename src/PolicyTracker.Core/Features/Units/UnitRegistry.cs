using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Units;

/// <summary>
/// The county's units, so the same department is one <see cref="Unit"/> everywhere whatever a plan calls it.
/// Names resolve through canonical names and learned aliases; unknown names are created on confirmation.
/// </summary>
public sealed class UnitRegistry(PolicyTrackerDbContext db)
{
    // Names and aliases of every unit, loaded once per registry: a county has hundreds of units, and a plan
    // names them thousands of times, so one query beats one per name.
    private Dictionary<string, Unit>? _byName;

    /// <summary>The unit called <paramref name="name"/> (canonical or alias), or null.</summary>
    public async Task<Unit?> FindAsync(string name, CancellationToken ct)
    {
        var byName = await NamesAsync(ct);
        return byName.GetValueOrDefault(UnitNaming.Clean(name));
    }

    /// <summary>The unit called <paramref name="name"/>, created (and tracked for the caller's save) when new.</summary>
    public async Task<Unit> ResolveOrCreateAsync(string name, CancellationToken ct)
    {
        var found = await FindAsync(name, ct);
        if (found is not null) return found;
        var unit = new Unit(name, Unit.GuessKind(name));
        db.Units.Add(unit);
        _byName![unit.Name] = unit;
        return unit;
    }

    private async Task<Dictionary<string, Unit>> NamesAsync(CancellationToken ct)
    {
        if (_byName is not null) return _byName;
        var units = await db.Units.Include(u => u.Aliases).ToListAsync(ct);
        _byName = new Dictionary<string, Unit>();
        foreach (var unit in units)
        {
            _byName[unit.Name] = unit;
            foreach (var alias in unit.Aliases) _byName.TryAdd(alias.Name, unit);
        }
        return _byName;
    }

    /// <summary>Known units whose names look like <paramref name="name"/>, best first (for the review's mapping step).</summary>
    public async Task<IReadOnlyList<(Unit Unit, double Score)>> SuggestAsync(string name, int count, CancellationToken ct)
    {
        var clean = UnitNaming.Clean(name);
        var units = await db.Units.AsNoTracking().Include(u => u.Aliases).ToListAsync(ct);
        return units
            .Select(u => (Unit: u, Score: u.Aliases.Select(a => a.Name).Append(u.Name).Max(n => Similarity(clean, n))))
            .Where(x => x.Score > 0.3)
            .OrderByDescending(x => x.Score)
            .Take(count)
            .ToList();
    }

    /// <summary>
    /// Character-bigram Dice similarity after dropping the shared prefix 县/市 and suffixes 局/委/办: short Chinese
    /// department names differ by inserted characters (县工信科局 / 县工信和科技局), which edit distance overweights.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        static string Core(string s) => s.TrimStart('县', '市').TrimEnd('局', '委', '办', '室');
        static HashSet<string> Bigrams(string s) =>
            s.Length < 2 ? [s] : Enumerable.Range(0, s.Length - 1).Select(i => s.Substring(i, 2)).ToHashSet();
        if (a == b) return 1;
        var (x, y) = (Bigrams(Core(a)), Bigrams(Core(b)));
        if (x.Count + y.Count == 0) return 0;
        return 2.0 * x.Intersect(y).Count() / (x.Count + y.Count);
    }
}
