using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Reports;

/// <summary>Downloads a report's 台账 (.xlsx).</summary>
public static class GetReportLedger
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public sealed record Query(Guid ReportId) : IQuery<Response>;

    public sealed record Response(string FileName, byte[] Content);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            user.MustReadReports();
            var report = await db.Reports.AsNoTracking().Where(r => r.Id == query.ReportId)
                .Select(r => new { r.Title, r.Ledger }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("报表", query.ReportId);
            return new($"{report.Title}台账.xlsx", report.Ledger);
        }
    }
}
