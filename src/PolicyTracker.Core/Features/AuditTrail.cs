using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features;

/// <summary>Checks the audit trail's hash chain: an edited or deleted entry breaks it.</summary>
public static class AuditTrail
{
    /// <summary>Ids of entries whose hash doesn't match their content or that do not follow the entry before them.</summary>
    public static async Task<IReadOnlyList<long>> VerifyAsync(PolicyTrackerDbContext db, CancellationToken ct)
    {
        var broken = new List<long>();
        var previous = "";
        // One chain in key order (writers take turns appending, see AuditInterceptor): an entry removed, inserted or
        // edited breaks the link of the entry after it. Streamed, so memory does not grow with the trail.
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!entry.IsIntact(previous)) broken.Add(entry.Id);
            previous = entry.Hash;
        }
        return broken;
    }
}
