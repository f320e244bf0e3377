using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>
/// Per lead unit (牵头单位), all time: tasks, completed, overdue now, and the on-time rate — completed on or before the
/// deadline, over the tasks already due (completed, or past their deadline); ranked by that rate, then fewest overdue.
/// </summary>
public static class GetUnitStats
{
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(Guid UnitId, string UnitName, int Total, int Completed, int Overdue, double? OnTimeRate, int Rank);

    /// <summary>One unit's sums; SQL sums are 64-bit on PostgreSQL.</summary>
    private sealed class Sums
    {
        public Guid UnitId { get; set; }
        public string? UnitName { get; set; }
        public long Total { get; set; }
        public long Completed { get; set; }
        public long OnTime { get; set; }
        public long Overdue { get; set; }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            var today = clock.Today;
            // The per-unit tallies in one statement: totals from each unit's all-deadlines rows, completed without a
            // deadline (on time by definition) from its no-deadline rows, overdue from the open counts of the years,
            // months and days before today (DeadlineCover.Before).
            List<object> p = [TaskTally.County, TaskTally.AnyDeadline, TaskTally.NoDeadline];
            var before = DeadlineCover.Before(today);
            var (overdue, beforeRows) = (DeadlineCover.SumSql(before, "Open", p), DeadlineCover.Sql(before, p));
            var completed = (int)TrackingStatus.Completed;
            var sql = $$"""
                SELECT s."UnitId", u."Name" AS "UnitName", SUM(s."Total") AS "Total", SUM(s."Completed") AS "Completed",
                  SUM(s."OnTime") AS "OnTime", SUM(s."Overdue") AS "Overdue"
                FROM (
                  SELECT "UnitId",
                    SUM(CASE WHEN "Deadline" = {1} THEN "Count" ELSE 0 END) AS "Total",
                    SUM(CASE WHEN "Deadline" = {1} AND "Status" = {{completed}} THEN "Count" ELSE 0 END) AS "Completed",
                    SUM(CASE WHEN "Status" <> {{completed}} THEN 0 WHEN "Deadline" = {1} THEN "OnTime" ELSE "Count" END) AS "OnTime",
                    0 AS "Overdue"
                  FROM "TaskTallies"
                  WHERE "UnitId" <> {0} AND "Deadline" IN ({1}, {2})
                  GROUP BY "UnitId"
                  UNION ALL
                  SELECT "UnitId", 0, 0, 0, {{overdue}}
                  FROM "PeriodTallies"
                  WHERE "UnitId" <> {0} AND {{beforeRows}}
                  GROUP BY "UnitId"
                ) s
                LEFT JOIN "Units" u ON u."Id" = s."UnitId"
                GROUP BY s."UnitId", u."Name"
                """;
            // Only placeholders are concatenated; every value travels as a parameter.
            var stats = (await db.Database.SqlQueryRaw<Sums>(sql, p.ToArray()).ToListAsync(ct)).Where(s => s.Total > 0).ToList();
            // On time over the tasks already due: completed, or open past the deadline.
            var ordered = stats
                .Select(s => new { s, Rate = Oversight.Rate((int)s.OnTime, (int)(s.Completed + s.Overdue)), Name = s.UnitName ?? "" })
                .OrderByDescending(x => x.Rate ?? -1).ThenBy(x => x.s.Overdue).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
            return ordered.Select((x, i) => new Row(x.s.UnitId, x.Name, (int)x.s.Total, (int)x.s.Completed, (int)x.s.Overdue, x.Rate, i + 1)).ToList();
        }
    }
}
