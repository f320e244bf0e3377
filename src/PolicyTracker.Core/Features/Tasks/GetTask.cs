using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>Everything about one task: targets (goal vs actual), progress, urges, extensions, instructions and its timeline.</summary>
public static class GetTask
{
    public sealed record Query(Guid TaskId) : IQuery<Response>;

    public sealed record Response(TaskRow Task, string? Section, int? SourceLine, DateOnly? OriginalDeadline, DateTimeOffset? PublishedAt,
        DateTimeOffset? CompletionRequestedAt, DateTimeOffset? CompletedAt, DateOnly? CompletedOn,
        IReadOnlyList<TargetView> Targets, IReadOnlyList<ProgressView> Progress, IReadOnlyList<UrgeView> Urges,
        IReadOnlyList<ExtensionView> ExtensionRequests, IReadOnlyList<InstructionView> Instructions, IReadOnlyList<TimelineEntry> Timeline);

    public sealed record TargetView(Guid Id, string Text, string? Metric, Comparator Comparator, decimal Value, string? Unit,
        decimal? LatestActual, DateTimeOffset? LatestActualAt, bool? Attained);

    public sealed record ProgressView(Guid Id, ProgressKind Kind, Guid UnitId, string UnitName, Guid? AuthorId, int? Percent,
        string Narrative, DateTimeOffset At, IReadOnlyList<TargetActual> Actuals, IReadOnlyList<EvidenceView> Evidence);

    public sealed record EvidenceView(Guid Id, string FileName, string ContentType, long Size);

    public sealed record InstructionView(Guid Id, string Text, string AuthorName, DateTimeOffset At);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock, TrackingOptions options)
        : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query q, CancellationToken ct)
        {
            var task = await db.Tasks.AsNoTracking().Include(t => t.Units).Include(t => t.Targets)
                .FirstOrDefaultAsync(t => t.Id == q.TaskId, ct) ?? throw new NotFoundException("任务", q.TaskId);
            user.MustSee(task);
            var row = (await TaskRows.ToRowsAsync(db, db.Tasks.Where(t => t.Id == task.Id), clock, options, ct)).Single();
            var publishedAt = await TaskLoading.PlanPublishedAt(db, task.PlanId, ct);
            var progress = await db.ProgressUpdates.AsNoTracking().Include(p => p.Evidence)
                .Where(p => p.TaskId == task.Id).OrderByDescending(p => p.At).ToListAsync(ct);
            var unitIds = progress.Select(p => p.UnitId).Distinct().ToList();
            var unitNames = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
            var instructions = await db.LeaderInstructions.AsNoTracking().Where(i => i.TaskId == task.Id).OrderByDescending(i => i.At)
                .Select(i => new InstructionView(i.Id, i.Text, i.AuthorName, i.At)).ToListAsync(ct);
            return new(row, task.Section, task.SourceLine, task.OriginalDeadline, publishedAt, task.CompletionRequestedAt, task.CompletedAt,
                task.CompletedOn,
                task.Targets.Select(t => new TargetView(t.Id, t.Text, t.Metric, t.Comparator, t.Value, t.Unit, t.LatestActual, t.LatestActualAt, t.IsAttained)).ToList(),
                progress.Select(p => new ProgressView(p.Id, p.Kind, p.UnitId, unitNames.GetValueOrDefault(p.UnitId, ""), p.AuthorId, p.Percent,
                    p.Narrative, p.At, p.Actuals, p.Evidence.Select(e => new EvidenceView(e.Id, e.FileName, e.ContentType, e.Size)).ToList())).ToList(),
                await UrgeView.Of(db, db.Urges.Where(u => u.TaskId == task.Id)).ToListAsync(ct),
                await ExtensionView.Of(db, db.ExtensionRequests.Where(e => e.TaskId == task.Id)).ToListAsync(ct),
                instructions,
                await TimelineEntry.ForTask(db, task.Id).ToListAsync(ct));
        }
    }
}

/// <summary>One line of a task's 留痕 timeline: who (name, role, unit), when, what, and the values before and after.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Actor, string? Role, Guid? UnitId, string? UnitName, string Action,
    string EntityType, string? Before, string? After)
{
    public string? RoleName => Role is null ? null : Roles.Chinese(Role);

    public static IQueryable<TimelineEntry> ForTask(PolicyTrackerDbContext db, Guid taskId) =>
        from a in db.AuditEntries.AsNoTracking()
        where a.TaskId == taskId
        join u in db.Units on a.UnitId equals (Guid?)u.Id into units
        from u in units.DefaultIfEmpty()
        orderby a.Id
        select new TimelineEntry(a.At, a.Actor, a.Role, a.UnitId, u == null ? null : u.Name, a.Action, a.EntityType, a.Before, a.After);
}

public sealed record UrgeView(Guid Id, Guid TaskId, string TaskTitle, UrgeKind Kind, string Instruction, DateOnly? ResponseDue,
    DateTimeOffset IssuedAt, string? Reply, DateTimeOffset? RepliedAt)
{
    public bool Open => RepliedAt is null;

    public static IQueryable<UrgeView> Of(PolicyTrackerDbContext db, IQueryable<Urge> urges) =>
        from u in urges.AsNoTracking()
        join t in db.Tasks on u.TaskId equals t.Id
        // Ordered here, before the projection: EF cannot order by a positional record's members.
        orderby u.ResponseDue == null, u.ResponseDue, u.IssuedAt
        select new UrgeView(u.Id, u.TaskId, t.Title ?? t.Text, u.Kind, u.Instruction, u.ResponseDue, u.IssuedAt, u.Reply, u.RepliedAt);
}

public sealed record ExtensionView(Guid Id, Guid TaskId, string TaskTitle, DateOnly CurrentDeadline, DateOnly RequestedDeadline, string Reason,
    DateTimeOffset RequestedAt, RequestDecision Decision, DateTimeOffset? DecidedAt, string? DecisionNote)
{
    public static IQueryable<ExtensionView> Of(PolicyTrackerDbContext db, IQueryable<ExtensionRequest> requests) =>
        from e in requests.AsNoTracking()
        join t in db.Tasks on e.TaskId equals t.Id
        orderby e.RequestedAt
        select new ExtensionView(e.Id, e.TaskId, t.Title ?? t.Text, e.CurrentDeadline, e.RequestedDeadline, e.Reason, e.RequestedAt,
            e.Decision, e.DecidedAt, e.DecisionNote);
}
