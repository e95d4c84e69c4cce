using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmtpPortal.Alerts;

namespace SmtpPortal.Data.Configurations;

internal sealed class AlertChannelConfiguration : IEntityTypeConfiguration<AlertChannel>
{
    public void Configure(EntityTypeBuilder<AlertChannel> entity)
    {
        entity.Property(c => c.Name).HasMaxLength(AlertChannelStore.MaxNameLength);
        entity.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(c => c.Language).HasMaxLength(8);
        entity.Property(c => c.ProtectedTarget).HasMaxLength(8000);
    }
}

internal sealed class AlertConditionStateConfiguration : IEntityTypeConfiguration<AlertConditionState>
{
    public void Configure(EntityTypeBuilder<AlertConditionState> entity)
    {
        entity.HasKey(c => c.Key);
        entity.Property(c => c.Key).HasMaxLength(64);
    }
}
