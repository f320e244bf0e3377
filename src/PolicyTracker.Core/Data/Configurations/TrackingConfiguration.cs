using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Data.Configurations;

public sealed class ProgressUpdateConfiguration : IEntityTypeConfiguration<ProgressUpdate>
{
    public void Configure(EntityTypeBuilder<ProgressUpdate> b)
    {
        b.HasOne<PlanTask>().WithMany().HasForeignKey(p => p.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.TaskId, p.At });
        b.HasIndex(p => new { p.UnitId, p.At });
        // A period's reports across many tasks (a progress report's period, missed reports). The weekly trend, which
        // read it week by week, counts from GroupTallies now.
        b.HasIndex(p => new { p.At, p.TaskId });
        b.OwnsMany(p => p.Actuals, a => a.ToJson());
        b.HasMany(p => p.Evidence).WithOne().HasForeignKey(e => e.ProgressUpdateId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Evidence).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> b)
    {
        b.HasOne<PlanTask>().WithMany().HasForeignKey(e => e.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.Decision, e.TaskId });
    }
}

public sealed class UrgeConfiguration : IEntityTypeConfiguration<Urge>
{
    public void Configure(EntityTypeBuilder<Urge> b)
    {
        b.Ignore(u => u.IsOpen);
        b.HasOne<PlanTask>().WithMany().HasForeignKey(u => u.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(u => new { u.TaskId, u.RepliedAt });
    }
}

public sealed class LeaderInstructionConfiguration : IEntityTypeConfiguration<LeaderInstruction>
{
    public void Configure(EntityTypeBuilder<LeaderInstruction> b) =>
        b.HasOne<PlanTask>().WithMany().HasForeignKey(i => i.TaskId).OnDelete(DeleteBehavior.Cascade);
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.DedupKey).HasMaxLength(300);
        b.HasIndex(n => n.DedupKey).IsUnique();
        b.HasIndex(n => new { n.RecipientUnitId, n.ReadAt });
        b.HasIndex(n => new { n.RecipientUserId, n.ReadAt });
    }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Ignore(m => m.IsPending);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne<Notification>().WithMany().HasForeignKey(m => m.NotificationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.SentAt, m.DeadLetteredAt, m.NextAttemptAt });
    }
}

public sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b) => b.HasIndex(r => r.DedupKey).IsUnique();
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedOnAdd();
        b.HasIndex(a => new { a.TaskId, a.Id });
        b.HasIndex(a => a.At);
    }
}
