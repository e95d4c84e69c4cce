using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmtpPortal.Relay;

namespace SmtpPortal.Data.Configurations;

internal sealed class RelayStateConfiguration : IEntityTypeConfiguration<RelayState>
{
    public void Configure(EntityTypeBuilder<RelayState> entity)
    {
        entity.Property(s => s.Id).ValueGeneratedNever();
        entity.Property(s => s.ChangedBy).HasMaxLength(256);
    }
}

internal sealed class RelayRefusalConfiguration : IEntityTypeConfiguration<RelayRefusal>
{
    public void Configure(EntityTypeBuilder<RelayRefusal> entity)
    {
        entity.Property(r => r.At).HasConversion(new DateTimeOffsetToBinaryConverter());
        entity.HasIndex(r => r.At);
        entity.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
        entity.Property(r => r.ClientAddress).HasMaxLength(64);
        entity.Property(r => r.AppName).HasMaxLength(RelayAppStore.MaxNameLength);
        entity.Property(r => r.Detail).HasMaxLength(500);
    }
}
