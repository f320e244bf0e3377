using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyTracker.Core.Data.Configurations;

public sealed class TaskTallyConfiguration : IEntityTypeConfiguration<TaskTally>
{
    public void Configure(EntityTypeBuilder<TaskTally> b)
    {
        // The key is the upsert's conflict target. The unit dashboard reads every unit's two sentinel deadlines.
        b.HasKey(t => new { t.UnitId, t.Deadline, t.Status, t.Acknowledged });
        b.HasIndex(t => t.Deadline);
    }
}

public sealed class PeriodTallyConfiguration : IEntityTypeConfiguration<PeriodTally>
{
    public void Configure(EntityTypeBuilder<PeriodTally> b)
    {
        // The key is the upsert's conflict target; grain and start lead, as every dashboard reads ranges of starts of
        // one grain across all units (DeadlineCover).
        b.HasKey(t => new { t.Grain, t.Start, t.UnitId });
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
