using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Reminders;
using PolicyTracker.Core.Features.Reports;

namespace PolicyTracker.Web.Endpoints;

public static class ReportsEndpoints
{
    public static void MapReportsEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization();
        reports.MapGet("/", async (ReportKind? kind, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListReports.Query(kind), ct)));
        reports.MapGet("/{id:guid}/ledger.xlsx", async (Guid id, ISender s, CancellationToken ct) => Ledger(await s.Send(new GetReportLedger.Query(id), ct)));

        app.MapGet("/api/reporting/missed", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListMissedReports.Query(), ct)))
            .WithTags("Reports").RequireAuthorization();
    }

    private static FileContentHttpResult Ledger(GetReportLedger.Response file) =>
        TypedResults.File(file.Content, GetReportLedger.ContentType, file.FileName);
}
