using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Data.Configurations;

public sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.Ignore(p => p.Title);
        b.HasIndex(p => p.DocNumber);
        b.HasIndex(p => p.ContentHash);
        // Whether any plan is a draft: a unit's list total skips its per-entry draft check when none is (TaskRows).
        b.HasIndex(p => p.Status);
        b.HasMany(p => p.Tasks).WithOne().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Tasks).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(p => p.ReportingCycles, c => c.ToJson());
    }
}

public sealed class PlanTaskConfiguration : IEntityTypeConfiguration<PlanTask>
{
    public void Configure(EntityTypeBuilder<PlanTask> b)
    {
        b.ToTable("Tasks");
        b.Property(t => t.Version).IsConcurrencyToken();
        b.Ignore(t => t.LeadUnitIds);
        b.Ignore(t => t.CoUnitIds);
        b.HasOne<Leader>().WithMany().HasForeignKey(t => t.LeaderId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(t => t.Units).WithOne().HasForeignKey(u => u.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(t => t.Units).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(t => t.Targets).WithOne().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(t => t.Targets).UsePropertyAccessMode(PropertyAccessMode.Field);
        // The dashboard and reminder scans filter by status and deadline.
        b.HasIndex(t => new { t.Status, t.Deadline });
        // The task list filtered by leader or by plan, and the foreign keys. Their trailing columns are what the leader
        // and plan dashboards read when they grouped the tasks (they read GroupTallies now); narrowing them would
        // lighten each save a little but changes the plans SQLite picks for the reminder scans, so it waits for a
        // change measured against those.
        b.HasIndex(t => new { t.LeaderId, t.Status, t.Deadline, t.PlanId });
        b.HasIndex(t => new { t.PlanId, t.Status, t.Deadline, t.PercentComplete });
        // The weekly trend counts the tasks closed in each of the last weeks.
        b.HasIndex(t => t.CompletedOn);
    }
}

public sealed class TaskUnitConfiguration : IEntityTypeConfiguration<TaskUnit>
{
    public void Configure(EntityTypeBuilder<TaskUnit> b)
    {
        b.HasKey(u => new { u.TaskId, u.UnitId });
        b.HasOne<Unit>().WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => new { u.UnitId, u.Role });
        // A unit's task list, in its order, with the task's key: a page reads its twenty entries, the total counts the
        // unit's entries without visiting a task (TaskUnit's copies of deadline, plan and sequence).
        b.HasIndex(u => new { u.UnitId, u.ListDeadline, u.PlanId, u.Sequence, u.TaskId });
    }
}

public sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> b)
    {
        b.Ignore(t => t.IsAttained);
        b.Property(t => t.Value).HasPrecision(18, 4);
        b.Property(t => t.LatestActual).HasPrecision(18, 4);
    }
}

public sealed class PlanImportConfiguration : IEntityTypeConfiguration<PlanImport>
{
    public void Configure(EntityTypeBuilder<PlanImport> b)
    {
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasIndex(i => i.ContentHash);
        // The file's text and the draft (megabytes for a province's plan) live in a table of their own: SQLite rewrites a
        // whole row, overflow pages and all, on any update, so publishing (status and time) or any change to the import's
        // own fields rewrote both texts. Loading an import joins the two tables by key.
        b.SplitToTable("PlanImportTexts", t =>
        {
            t.Property(i => i.SourceText);
            t.Property(i => i.DraftJson);
        });
    }
}
