using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyTracker.Core.Data.Configurations;

public sealed class TaskTallyConfiguration : IEntityTypeConfiguration<TaskTally>
{
    public void Configure(EntityTypeBuilder<TaskTally> b)
    {
        // The key is the upsert's conflict target.
        b.HasKey(t => new { t.UnitId, t.Deadline, t.Status, t.Acknowledged });
        // The monthly ranking reads the unit rows of one period's deadlines.
        b.HasIndex(t => t.Deadline);
    }
}

public sealed class ScheduleTallyConfiguration : IEntityTypeConfiguration<ScheduleTally>
{
    public void Configure(EntityTypeBuilder<ScheduleTally> b)
    {
        b.HasKey(t => new { t.StartDay, t.Deadline, t.Percent });
        // The summary reads the rows whose deadline is today or later.
        b.HasIndex(t => t.Deadline);
    }
}
