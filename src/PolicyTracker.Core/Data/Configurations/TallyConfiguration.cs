using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyTracker.Core.Data.Configurations;

public sealed class TaskTallyConfiguration : IEntityTypeConfiguration<TaskTally>
{
    public void Configure(EntityTypeBuilder<TaskTally> b)
    {
        // The key is the upsert's conflict target; the summary reads one unit's rows by it, the unit dashboard every row
        // (a few per unit: the table holds only the two sentinel deadlines).
        b.HasKey(t => new { t.UnitId, t.Deadline, t.Status, t.Acknowledged });
    }
}

public sealed class PeriodTallyConfiguration : IEntityTypeConfiguration<PeriodTally>
{
    public void Configure(EntityTypeBuilder<PeriodTally> b)
    {
        // The key is the upsert's conflict target; grain and start lead, as every dashboard reads ranges of starts of
        // one grain across all units (DeadlineCover).
        b.HasKey(t => new { t.Grain, t.Start, t.UnitId });
        // The same order with every sum: the dashboards read thousands of rows at a province's size, and an index that
        // holds the sums answers them without a lookup per row (SQLite has no INCLUDE, so the sums are key columns).
        b.HasIndex(t => new { t.Grain, t.Start, t.UnitId, t.Open, t.Count, t.OnTime, t.Late, t.Graded, t.Points });
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

public sealed class GroupTallyConfiguration : IEntityTypeConfiguration<GroupTally>
{
    public void Configure(EntityTypeBuilder<GroupTally> b)
    {
        // The upsert's conflict target, in the order the leader and plan dashboards read: one kind of group, the
        // All rows and ranges of starts of one grain (DeadlineCover) across its groups. The second index holds the
        // sums too, as PeriodTallies' does, so those reads need no lookup per row.
        b.HasKey(t => new { t.Group, t.Grain, t.Start, t.GroupId });
        b.HasIndex(t => new { t.Group, t.Grain, t.Start, t.GroupId, t.Count, t.Open, t.Percent });
    }
}

public sealed class UnitTallyConfiguration : IEntityTypeConfiguration<UnitTally>
{
    public void Configure(EntityTypeBuilder<UnitTally> b)
    {
        // The upsert's conflict target; a unit's list reads its one row.
        b.HasKey(t => t.UnitId);
    }
}
