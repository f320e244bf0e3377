using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>
/// The leader and plan dashboards' counts, from <see cref="GroupTally"/> in one statement: per leader or per plan, its
/// published tasks, those still open, their percent complete summed, and those overdue today (open with a deadline
/// before today: <see cref="DeadlineCover.Before"/>'s rows). A leader's or plan's few dozen rows instead of its tasks.
/// </summary>
internal static class GroupSums
{
    /// <summary>One leader's or plan's sums; SQL sums are 64-bit on PostgreSQL.</summary>
    internal sealed class Row
    {
        public Guid GroupId { get; set; }
        public long Total { get; set; }
        public long Open { get; set; }
        public long Percent { get; set; }
        public long Overdue { get; set; }
    }

    public static async Task<List<Row>> ReadAsync(PolicyTrackerDbContext db, TallyGroup group, DateOnly today, CancellationToken ct)
    {
        List<object> p = [(int)group, (int)TallyGrain.All];
        var before = DeadlineCover.Before(today);
        var (overdue, beforeRows) = (DeadlineCover.SumSql(before, "Open", p), DeadlineCover.Sql(before, p));
        var sql = $$"""
            SELECT "GroupId",
              SUM(CASE WHEN "Grain" = {1} THEN "Count" ELSE 0 END) AS "Total",
              SUM(CASE WHEN "Grain" = {1} THEN "Open" ELSE 0 END) AS "Open",
              SUM(CASE WHEN "Grain" = {1} THEN "Percent" ELSE 0 END) AS "Percent",
              {{overdue}} AS "Overdue"
            FROM "GroupTallies"
            WHERE "Group" = {0} AND ("Grain" = {1} OR {{beforeRows}})
            GROUP BY "GroupId"
            """;
        // Only placeholders are concatenated; every value travels as a parameter. A leader or plan whose tasks all
        // went (a plan deleted, a leader replaced) keeps rows of zeros until a rebuild.
        return (await db.Database.SqlQueryRaw<Row>(sql, p.ToArray()).ToListAsync(ct)).Where(r => r.Total > 0).ToList();
    }
}
