using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>
/// 月度排名 (league table) of lead units for a period, by default the current month. Counted are the unit's tasks whose
/// deadline falls in the period: on time = closed (办结) on or before the deadline; overdue = not closed by the deadline
/// (still open past it, or closed late); average grade over those closed, 优秀 4 … 不合格 1. Ranked by on-time rate,
/// then fewer overdue, then higher average grade.
/// </summary>
public static class GetRanking
{
    public sealed record Query(DateOnly? From = null, DateOnly? To = null) : IQuery<Response>;

    public sealed record Response(DateOnly From, DateOnly To, IReadOnlyList<Row> Rows);

    public sealed record Row(int Rank, Guid UnitId, string UnitName, int Due, int CompletedOnTime, double? OnTimeRate, int Overdue, double? AverageGrade);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q).Must(q => q.From is null || q.To is null || q.From <= q.To).WithName("to").WithMessage("结束日期不能早于开始日期");
    }

    /// <summary>One unit's sums over the period; SQL sums are 64-bit on PostgreSQL.</summary>
    private sealed class Sums
    {
        public Guid UnitId { get; set; }
        public string? UnitName { get; set; }
        public long Due { get; set; }
        public long OnTime { get; set; }
        public long Overdue { get; set; }
        public long Graded { get; set; }
        public long Points { get; set; }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            var today = clock.Today;
            var start = q.From ?? new DateOnly(today.Year, today.Month, 1);
            var end = q.To ?? start.AddMonths(1).AddDays(-1);
            // The per-unit period tallies, one statement: measures over the period's deadlines (whole months and years,
            // edge days), and the tasks still open whose deadline in the period has passed (the period's part before
            // today, cut on its own grains); closed late counts as overdue like open past the deadline.
            List<object> p = [TaskTally.County];
            var period = DeadlineCover.Sql(DeadlineCover.Of(start, end), p);
            var passed = DeadlineCover.Sql(DeadlineCover.Of(start, end < today ? end : today.AddDays(-1)), p);
            var sql = $$"""
                SELECT s."UnitId", u."Name" AS "UnitName", s."Due", s."OnTime", s."Overdue", s."Graded", s."Points"
                FROM (
                  SELECT "UnitId",
                    SUM(CASE WHEN {{period}} THEN "Count" ELSE 0 END) AS "Due",
                    SUM(CASE WHEN {{period}} THEN "OnTime" ELSE 0 END) AS "OnTime",
                    SUM(CASE WHEN {{period}} THEN "Late" ELSE 0 END) + SUM(CASE WHEN {{passed}} THEN "Open" ELSE 0 END) AS "Overdue",
                    SUM(CASE WHEN {{period}} THEN "Graded" ELSE 0 END) AS "Graded",
                    SUM(CASE WHEN {{period}} THEN "Points" ELSE 0 END) AS "Points"
                  FROM "PeriodTallies"
                  WHERE "UnitId" <> {0} AND ({{period}} OR {{passed}})
                  GROUP BY "UnitId"
                ) s
                LEFT JOIN "Units" u ON u."Id" = s."UnitId"
                WHERE s."Due" > 0
                """;
            // Only placeholders are concatenated; every value travels as a parameter.
            var stats = await db.Database.SqlQueryRaw<Sums>(sql, p.ToArray()).ToListAsync(ct);
            var rows = stats.Select(s => new
                {
                    s,
                    Rate = Oversight.Rate((int)s.OnTime, (int)s.Due),
                    Grade = s.Graded == 0 ? (double?)null : Math.Round((double)s.Points / s.Graded, 2),
                    Name = s.UnitName ?? "",
                })
                .OrderByDescending(x => x.Rate ?? -1).ThenBy(x => x.s.Overdue).ThenByDescending(x => x.Grade ?? 0)
                .ThenBy(x => x.Name, StringComparer.Ordinal)
                .Select((x, i) => new Row(i + 1, x.s.UnitId, x.Name, (int)x.s.Due, (int)x.s.OnTime, x.Rate, (int)x.s.Overdue, x.Grade)).ToList();
            return new(start, end, rows);
        }
    }
}
