using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>The county at a glance: tasks by status, overdue, by warning light, not yet acknowledged.</summary>
/// <remarks>
/// Read from <see cref="TaskTally"/>, <see cref="PeriodTally"/> and <see cref="ScheduleTally"/> in one statement: the cost
/// does not grow with the number of tasks, and PostgreSQL pays one round trip.
/// </remarks>
public static class GetSummary
{
    public sealed record Query : IQuery<Response>;

    public sealed record Response(int Total, int NotStarted, int InProgress, int CompletionRequested, int Completed, int Overdue,
        int Red, int Yellow, int Green, int Unacknowledged);

    /// <summary>The statement's one row; SQL sums are 64-bit on PostgreSQL.</summary>
    private sealed class Sums
    {
        public long NotStarted { get; set; }
        public long InProgress { get; set; }
        public long CompletionRequested { get; set; }
        public long Completed { get; set; }
        public long Unacknowledged { get; set; }
        public long Overdue { get; set; }
        public long DueSoon { get; set; }
        public long DueSoonBehind { get; set; }
        public long BehindByToday { get; set; }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock, TrackingOptions options)
        : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            var today = clock.Today;
            var soonUntil = today.AddDays(options.DueSoonDays);
            // The county-wide rows (TallyInterceptor keeps them exact): a few for all deadlines; overdue is the open
            // count of the years, months and days before today (DeadlineCover.Before); the schedule rows of the days due soon, and of all
            // deadlines by the day each falls behind.
            List<object> p = [TaskTally.County, TaskTally.AnyDeadline, false, ScheduleTally.AnyDeadline, today, soonUntil];
            var before = DeadlineCover.Before(today);
            var (overdue, beforeRows) = (DeadlineCover.SumSql(before, "Open", p), DeadlineCover.Sql(before, p));
            string Status(TrackingStatus s) =>
                $$"""(SELECT COALESCE(SUM("Count"), 0) FROM "TaskTallies" WHERE "UnitId" = {0} AND "Deadline" = {1} AND "Status" = {{(int)s}})""";
            var sql = $$"""
                SELECT {{Status(TrackingStatus.NotStarted)}} AS "NotStarted", {{Status(TrackingStatus.InProgress)}} AS "InProgress",
                  {{Status(TrackingStatus.CompletionRequested)}} AS "CompletionRequested", {{Status(TrackingStatus.Completed)}} AS "Completed",
                  (SELECT COALESCE(SUM("Count"), 0) FROM "TaskTallies" WHERE "UnitId" = {0} AND "Deadline" = {1}
                    AND "Acknowledged" = {2} AND "Status" <> {{(int)TrackingStatus.Completed}}) AS "Unacknowledged",
                  (SELECT COALESCE({{overdue}}, 0) FROM "PeriodTallies" WHERE "UnitId" = {0} AND {{beforeRows}}) AS "Overdue",
                  (SELECT COALESCE(SUM("Count"), 0) FROM "ScheduleTallies" WHERE "Deadline" >= {4} AND "Deadline" <= {5}) AS "DueSoon",
                  (SELECT COALESCE(SUM("Count"), 0) FROM "ScheduleTallies" WHERE "Deadline" >= {4} AND "Deadline" <= {5}
                    AND "BehindFrom" <= {4}) AS "DueSoonBehind",
                  (SELECT COALESCE(SUM("Count"), 0) FROM "ScheduleTallies" WHERE "Deadline" = {3} AND "BehindFrom" <= {4}) AS "BehindByToday"
                """;
            // Only placeholders are concatenated; every value travels as a parameter.
            var s = (await db.Database.SqlQueryRaw<Sums>(sql, p.ToArray()).ToListAsync(ct)).Single();
            var (notStarted, inProgress, requested, completed) = ((int)s.NotStarted, (int)s.InProgress, (int)s.CompletionRequested, (int)s.Completed);
            var total = notStarted + inProgress + requested + completed;
            // Red: open past the deadline. Yellow: due within the window, or behind schedule — fallen behind by today
            // (every open task with a deadline has fallen "behind" by the day after it, so the red ones are taken out)
            // and not already counted as due soon.
            var red = (int)s.Overdue;
            var yellow = (int)(s.DueSoon + s.BehindByToday - s.Overdue - s.DueSoonBehind);
            return new(total, notStarted, inProgress, requested, completed, red, red, yellow, total - red - yellow, (int)s.Unacknowledged);
        }
    }
}
