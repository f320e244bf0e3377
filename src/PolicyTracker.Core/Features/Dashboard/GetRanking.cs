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

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            var today = clock.Today;
            var start = q.From ?? new DateOnly(today.Year, today.Month, 1);
            var end = q.To ?? start.AddMonths(1).AddDays(-1);
            // The per-unit tallies of the period's deadline days; closed late counts as overdue like open past the deadline.
            var stats = await db.TaskTallies.AsNoTracking()
                .Where(t => t.UnitId != TaskTally.County && t.Deadline >= start && t.Deadline <= end && t.Deadline != TaskTally.NoDeadline && t.Deadline != TaskTally.AnyDeadline)
                .GroupBy(t => t.UnitId)
                .Select(g => new
                {
                    UnitId = g.Key,
                    Due = g.Sum(t => t.Count),
                    OnTime = g.Sum(t => t.OnTime),
                    Overdue = g.Sum(t => (t.Status != TrackingStatus.Completed && t.Deadline < today ? t.Count : 0) + t.Late),
                    Graded = g.Sum(t => t.Graded),
                    Points = g.Sum(t => t.Points),
                }).Where(s => s.Due > 0).ToListAsync(ct);
            var ids = stats.Select(s => s.UnitId).ToList();
            var names = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
            var rows = stats.Select(s => new
                {
                    s,
                    Rate = Oversight.Rate(s.OnTime, s.Due),
                    Grade = s.Graded == 0 ? (double?)null : Math.Round((double)s.Points / s.Graded, 2),
                    Name = names.GetValueOrDefault(s.UnitId, ""),
                })
                .OrderByDescending(x => x.Rate ?? -1).ThenBy(x => x.s.Overdue).ThenByDescending(x => x.Grade ?? 0)
                .ThenBy(x => x.Name, StringComparer.Ordinal)
                .Select((x, i) => new Row(i + 1, x.s.UnitId, x.Name, x.s.Due, x.s.OnTime, x.Rate, x.s.Overdue, x.Grade)).ToList();
            return new(start, end, rows);
        }
    }
}
