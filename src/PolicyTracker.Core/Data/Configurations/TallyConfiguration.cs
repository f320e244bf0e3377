using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyTracker.Core.Data.Configurations;

public sealed class TaskTallyConfiguration : IEntityTypeConfiguration<TaskTally>
{
    public void Configure(EntityTypeBuilder<TaskTally> b)
    {
        // The key is the upsert's conflict target.
        b.HasKey(t => new { t.UnitId, t.Deadline, t.Status, t.Acknowledged });
        // The monthly ranking reads the rows of one period's deadlines; overdue reads the open rows before today.
        b.HasIndex(t => t.Deadline);
        b.HasIndex(t => new { t.Status, t.Deadline });
    }
}

public sealed class ScheduleTallyConfiguration : IEntityTypeConfiguration<ScheduleTally>
{
    public void Configure(EntityTypeBuilder<ScheduleTally> b)
    {
        // The summary reads ranges of this key: the deadlines due soon, and AnyDeadline's rows behind by today.
        b.HasKey(t => new { t.Deadline, t.BehindFrom });
    }
}
