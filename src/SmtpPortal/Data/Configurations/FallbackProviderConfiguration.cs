using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmtpPortal.Fallback;

namespace SmtpPortal.Data.Configurations;

internal sealed class FallbackProviderConfiguration : IEntityTypeConfiguration<FallbackProvider>
{
    public void Configure(EntityTypeBuilder<FallbackProvider> entity)
    {
        entity.Property(s => s.Id).ValueGeneratedNever();
        entity.Property(s => s.PresetId).HasMaxLength(64);
        entity.Property(s => s.Host).HasMaxLength(253);
        entity.Property(s => s.Security).HasConversion<string>().HasMaxLength(16);
        entity.Property(s => s.Username).HasMaxLength(320);
        entity.Property(s => s.FromAddress).HasMaxLength(320);
        entity.Property(s => s.SwitchReason).HasMaxLength(2000);
        entity.Property(s => s.SwitchCategory).HasConversion<string>().HasMaxLength(32);
        entity.Property(s => s.Revision).IsConcurrencyToken();
        entity.Ignore(s => s.InUse);
        entity.Ignore(s => s.SwitchAfter);
    }
}
