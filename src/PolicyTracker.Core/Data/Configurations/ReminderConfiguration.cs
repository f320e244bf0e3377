using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Data.Configurations;

public sealed class JobCheckpointConfiguration : IEntityTypeConfiguration<JobCheckpoint>
{
    public void Configure(EntityTypeBuilder<JobCheckpoint> b)
    {
        b.HasKey(c => c.Job);
        b.Property(c => c.Job).HasMaxLength(100);
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}
