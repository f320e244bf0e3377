using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Audit;

/// <summary>
/// 留痕核验: the administrator checks that no audit entry was edited or removed behind the application's back
/// (the same check as `policytracker audit-verify`).
/// </summary>
public static class VerifyAuditTrail
{
    public sealed record Query : IQuery<Response>;

    /// <param name="Broken">ids of the entries whose hash or predecessor does not match, in order</param>
    public sealed record Response(bool Intact, int Entries, IReadOnlyList<long> Broken);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query q, CancellationToken ct)
        {
            user.MustBeAdmin();
            var entries = await db.AuditEntries.CountAsync(ct);
            var broken = await AuditTrail.VerifyAsync(db, ct);
            return new(broken.Count == 0, entries, broken);
        }
    }
}
