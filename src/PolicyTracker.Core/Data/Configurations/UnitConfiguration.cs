using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Data.Configurations;

public sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.Property(u => u.Name).HasMaxLength(200);
        b.HasIndex(u => u.Name).IsUnique();
        b.HasMany(u => u.Aliases).WithOne().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(u => u.Aliases).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public sealed class UnitAliasConfiguration : IEntityTypeConfiguration<UnitAlias>
{
    public void Configure(EntityTypeBuilder<UnitAlias> b)
    {
        b.Property(a => a.Name).HasMaxLength(200);
        b.HasIndex(a => a.Name).IsUnique();
    }
}

public sealed class LeaderConfiguration : IEntityTypeConfiguration<Leader>
{
    public void Configure(EntityTypeBuilder<Leader> b)
    {
        b.Property(l => l.Name).HasMaxLength(50);
        b.HasIndex(l => l.Name).IsUnique();
    }
}

public sealed class UnitChannelConfiguration : IEntityTypeConfiguration<UnitChannel>
{
    public void Configure(EntityTypeBuilder<UnitChannel> b)
    {
        b.HasIndex(c => new { c.UnitId, c.Channel, c.Destination }).IsUnique();
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
