namespace PolicyTracker.Core.Domain;

/// <summary>
/// The last county day a reminder job has covered. Lets a run after downtime tell the days it missed (caught up,
/// or summarized in one digest when older than the horizon) from days already handled. The reminders themselves
/// are kept exactly-once by <see cref="Notification.DedupKey"/>, not by this row.
/// </summary>
public sealed class JobCheckpoint
{
    private JobCheckpoint() { }

    public JobCheckpoint(string job, DateOnly lastDay)
    {
        Job = job;
        LastDay = lastDay;
    }

    /// <summary>The recurring job's id, e.g. reminders.deadline.</summary>
    public string Job { get; private set; } = "";
    public DateOnly LastDay { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public void Advance(DateOnly day)
    {
        if (day <= LastDay) return;
        LastDay = day;
        Version = Guid.NewGuid();
    }
}
