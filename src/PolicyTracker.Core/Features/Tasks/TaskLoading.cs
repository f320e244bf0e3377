using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>What every task command needs before the domain decides: the task with its units and targets, and a fresh version.</summary>
public static class TaskLoading
{
    /// <summary>The task with the units the access rules read and the targets progress writes; 404 when absent.</summary>
    public static async Task<PlanTask> LoadTaskAsync(this PolicyTrackerDbContext db, Guid id, CancellationToken ct) =>
        await TaskWithUnitsAndTargets(db, id, ct) ?? throw new NotFoundException("任务", id);

    // Compiled once: every task command starts here, and EF's query cache otherwise rebuilds and hashes the
    // expression tree on each call to find the cached query.
    private static readonly Func<PolicyTrackerDbContext, Guid, CancellationToken, Task<PlanTask?>> TaskWithUnitsAndTargets =
        EF.CompileAsyncQuery((PolicyTrackerDbContext db, Guid id, CancellationToken ct) =>
            db.Tasks.Include(t => t.Units).Include(t => t.Targets).FirstOrDefault(t => t.Id == id));

    /// <summary>When the task's plan was published (the day the behind-schedule rule measures from).</summary>
    public static readonly Func<PolicyTrackerDbContext, Guid, CancellationToken, Task<DateTimeOffset?>> PlanPublishedAt =
        EF.CompileAsyncQuery((PolicyTrackerDbContext db, Guid planId, CancellationToken ct) =>
            db.Plans.Where(p => p.Id == planId).Select(p => p.PublishedAt).FirstOrDefault());

    /// <summary>
    /// Optimistic concurrency: a client that sends the version it read gets 409 when someone changed the task since;
    /// the original value also guards the race between this read and the save.
    /// </summary>
    public static void ExpectVersion(this PolicyTrackerDbContext db, PlanTask task, Guid? version)
    {
        if (version is not { } expected) return;
        if (expected != task.Version) throw new DbUpdateConcurrencyException("任务已被他人修改，请刷新后重试");
        db.Entry(task).Property(t => t.Version).OriginalValue = expected;
    }

    /// <summary>In-app notifications to every unit of the task (or only its lead units); delivery is another component's job.</summary>
    public static void NotifyUnits(this PolicyTrackerDbContext db, PlanTask task, string dedupPrefix, string kind, string title,
        string body, DateTimeOffset now, bool leadOnly = false)
    {
        var units = leadOnly ? task.LeadUnitIds : task.Units.Select(u => u.UnitId);
        foreach (var unit in units.Distinct())
            db.Notifications.Add(new Notification($"{dedupPrefix}.{unit:N}", kind, title, body, now, recipientUnitId: unit, taskId: task.Id));
    }

    public static string Label(this PlanTask task) => task.Title ?? (task.Text.Length > 30 ? task.Text[..30] + "…" : task.Text);
}
