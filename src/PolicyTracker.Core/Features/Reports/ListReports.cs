using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Reports;

/// <summary>The generated reports, newest period first (督查室, 县领导, admins).</summary>
public static class ListReports
{
    public sealed record Query(ReportKind? Kind = null) : IQuery<IReadOnlyList<Item>>;

    public sealed record Item(Guid Id, ReportKind Kind, DateOnly PeriodStart, DateOnly PeriodEnd, string Title, string Summary, DateTimeOffset CreatedAt);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query query, CancellationToken ct)
        {
            user.MustReadReports();
            return await db.Reports.AsNoTracking().Where(r => query.Kind == null || r.Kind == query.Kind)
                .OrderByDescending(r => r.PeriodStart).ThenBy(r => r.Kind)
                .Select(r => new Item(r.Id, r.Kind, r.PeriodStart, r.PeriodEnd, r.Title, r.Summary, r.CreatedAt)).ToListAsync(ct);
        }
    }

    /// <summary>Reports cover every unit's tasks, so unit staff don't read them.</summary>
    internal static void MustReadReports(this ICurrentUser user)
    {
        if (user.Role is not (Roles.Admin or Roles.Supervisor or Roles.Leader)) throw new ForbiddenException("只有督查室、县领导或管理员可以查看报表");
    }
}
