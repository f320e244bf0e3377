using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>Published plans with their task counts, newest first; unit staff see the plans their unit has tasks in.</summary>
public static class ListPlans
{
    public sealed record Query : IQuery<IReadOnlyList<PlanRow>>;

    public sealed record PlanRow(Guid Id, string? DocNumber, string Title, string? Issuer, DateOnly? IssuedOn, DateTimeOffset? PublishedAt, int Tasks);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<PlanRow>>
    {
        public async ValueTask<IReadOnlyList<PlanRow>> Handle(Query q, CancellationToken ct)
        {
            var visible = Tasks.TaskRows.Visible(db, user);
            var rows = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Published)
                .Select(p => new { p.Id, p.DocNumber, p.PlanTitle, p.NoticeTitle, p.Issuer, p.IssuedOn, p.PublishedAt, Tasks = visible.Count(t => t.PlanId == p.Id) })
                .Where(p => p.Tasks > 0 || user.Role != Roles.UnitStaff)
                .OrderByDescending(p => p.PublishedAt).ToListAsync(ct);
            return rows.Select(p => new PlanRow(p.Id, p.DocNumber, p.PlanTitle ?? p.NoticeTitle ?? "", p.Issuer, p.IssuedOn, p.PublishedAt, p.Tasks)).ToList();
        }
    }
}
