using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>The task list with the filters of the supervision workbench; unit staff see only their unit's tasks.</summary>
public static class ListTasks
{
    public sealed record Query(Guid? UnitId = null, Guid? LeaderId = null, Guid? PlanId = null, TrackingStatus? Status = null,
        WarningLight? Light = null, bool? Overdue = null, int? DueWithinDays = null, bool? Unacknowledged = null, bool? AcknowledgeLate = null, string? Q = null,
        bool? Mine = null, int Page = 1, int PageSize = 20) : IQuery<Page<TaskRow>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithMessage("页码从1开始");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("每页1到200条");
            RuleFor(q => q.DueWithinDays).InclusiveBetween(0, 3650);
            RuleFor(q => q.Q).MaximumLength(100);
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock, TrackingOptions options)
        : IQueryHandler<Query, Page<TaskRow>>
    {
        public async ValueTask<Page<TaskRow>> Handle(Query q, CancellationToken ct)
        {
            if (OnlyUnit(q) is { } listedUnit)
            {
                // One unit's list, unfiltered, read from its unit rows (TaskRows.UnitPageAsync): no task is visited but the page's own.
                TaskRows.MustSeeTasks(user);
                var (count, rows) = await TaskRows.UnitPageAsync(db, listedUnit, q.Page, q.PageSize, clock, options, ct);
                return new(rows, count, q.Page, q.PageSize);
            }
            var today = clock.Today;
            var tasks = TaskRows.Visible(db, user);
            if (q.Mine == true && user.UnitId is { } mine) tasks = tasks.Where(t => db.TaskUnits.Where(u => u.UnitId == mine).Select(u => u.TaskId).Contains(t.Id));
            if (q.UnitId is { } unit) tasks = tasks.Where(t => db.TaskUnits.Where(u => u.UnitId == unit).Select(u => u.TaskId).Contains(t.Id));
            if (q.LeaderId is { } leader) tasks = tasks.Where(t => t.LeaderId == leader);
            if (q.PlanId is { } plan) tasks = tasks.Where(t => t.PlanId == plan);
            if (q.Status is { } status) tasks = tasks.Where(t => t.Status == status);
            if (q.Overdue is { } overdue)
                tasks = overdue
                    ? tasks.Where(t => t.Status != TrackingStatus.Completed && t.Deadline != null && t.Deadline < today)
                    : tasks.Where(t => t.Status == TrackingStatus.Completed || t.Deadline == null || t.Deadline >= today);
            if (q.DueWithinDays is { } days)
            {
                var until = today.AddDays(days);
                tasks = tasks.Where(t => t.Status != TrackingStatus.Completed && t.Deadline >= today && t.Deadline <= until);
            }
            if (q.Unacknowledged == true) tasks = tasks.Where(t => t.AcknowledgedAt == null);
            if (q.Unacknowledged == false) tasks = tasks.Where(t => t.AcknowledgedAt != null);
            if (q.AcknowledgeLate == true)
            {
                // Late once the day after the acknowledgement window has begun (13710: 1 day after publishing).
                var cutoff = clock.StartOf(today.AddDays(-options.AcknowledgeWithinDays));
                tasks = tasks.Where(t => t.AcknowledgedAt == null && db.Plans.Any(p => p.Id == t.PlanId && p.PublishedAt < cutoff));
            }
            if (!string.IsNullOrWhiteSpace(q.Q))
            {
                var text = q.Q.Trim();
                tasks = tasks.Where(t => t.Text.Contains(text) || (t.Title != null && t.Title.Contains(text)));
            }

            var flat = TaskRows.Flatten(db, tasks)
                .OrderBy(f => f.Deadline == null).ThenBy(f => f.Deadline).ThenBy(f => f.PlanId).ThenBy(f => f.Sequence);
            List<TaskRows.Flat> page;
            int total;
            if (q.Light is { } light)
            {
                // The light depends on today and the schedule rule, which SQL cannot state portably; the filter runs over
                // the narrow projection of the already filtered tasks, and only the page is completed with names.
                var all = (await flat.ToListAsync(ct)).Where(f => TaskRows.LightOf(f, clock, options) == light).ToList();
                total = all.Count;
                page = all.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList();
            }
            else if (user.Role == Roles.UnitStaff || q.Mine == true || q.UnitId is not null || q.PlanId is not null)
            {
                // A unit's (or a plan's) tasks are a bounded set the engine must visit whole to count and to order, so
                // it is visited once: the ordered ids give the total and the page, and only the page's rows are read.
                var ids = await tasks.OrderBy(t => t.Deadline == null).ThenBy(t => t.Deadline).ThenBy(t => t.PlanId).ThenBy(t => t.Sequence)
                    .Select(t => t.Id).ToListAsync(ct);
                total = ids.Count;
                page = await PageAsync(ids.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList(), ct);
            }
            else
            {
                total = await tasks.CountAsync(ct);
                page = await flat.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
            }
            return new(await TaskRows.CompleteAsync(db, page, clock, options, ct), total, q.Page, q.PageSize);
        }

        /// <summary>
        /// The one unit whose whole list is asked for (the staff's own unit, "mine", or a unit filter that agrees with
        /// them), when nothing else narrows it; null otherwise, and for a staff member asking after another unit (the
        /// tasks both take part in).
        /// </summary>
        private Guid? OnlyUnit(Query q)
        {
            if (q.Light is not null || q.LeaderId is not null || q.PlanId is not null || q.Status is not null || q.Overdue is not null || q.DueWithinDays is not null
                || q.Unacknowledged is not null || q.AcknowledgeLate == true || !string.IsNullOrWhiteSpace(q.Q))
                return null;
            var units = new HashSet<Guid>();
            if (user.Role == Roles.UnitStaff) units.Add(user.UnitId ?? Guid.Empty);
            if (q.Mine == true && user.UnitId is { } mine) units.Add(mine);
            if (q.UnitId is { } unit) units.Add(unit);
            return units.Count == 1 ? units.Single() : null;
        }

        /// <summary>The page's rows, in the order of <paramref name="pageIds"/>.</summary>
        private async Task<List<TaskRows.Flat>> PageAsync(List<Guid> pageIds, CancellationToken ct)
        {
            if (pageIds.Count == 0) return [];
            var rows = (await TaskRows.Flatten(db, db.Tasks.AsNoTracking().Where(t => pageIds.Contains(t.Id))).ToListAsync(ct)).ToDictionary(f => f.Id);
            return pageIds.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
        }
    }
}
