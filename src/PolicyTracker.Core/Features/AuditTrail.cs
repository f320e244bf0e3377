using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features;

/// <summary>Checks the audit trail's hash chain: an edited or deleted entry breaks it.</summary>
public static class AuditTrail
{
    /// <summary>Ids of entries whose hash doesn't match their content or whose predecessor is missing.</summary>
    public static async Task<IReadOnlyList<long>> VerifyAsync(PolicyTrackerDbContext db, CancellationToken ct)
    {
        var broken = new List<long>();
        var seen = new HashSet<string> { "" };
        // Streamed in key order: memory stays bounded by the set of hashes, not the rows.
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            // Concurrent saves may chain two entries to the same predecessor; what matters is that it existed.
            if (!seen.Contains(entry.PreviousHash) || !entry.IsIntact(entry.PreviousHash)) broken.Add(entry.Id);
            seen.Add(entry.Hash);
        }
        return broken;
    }
}
