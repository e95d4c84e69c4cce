using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmtpPortal.Settings;

namespace SmtpPortal.Data.Configurations;

internal sealed class SmtpSettingsConfiguration : IEntityTypeConfiguration<SmtpSettings>
{
    public void Configure(EntityTypeBuilder<SmtpSettings> entity)
    {
        entity.Property(s => s.Id).ValueGeneratedNever();
        entity.Property(s => s.PresetId).HasMaxLength(64);
        entity.Property(s => s.Host).HasMaxLength(253);
        entity.Property(s => s.Security).HasConversion<string>().HasMaxLength(16);
        entity.Property(s => s.Username).HasMaxLength(320);
        entity.Property(s => s.FromAddress).HasMaxLength(320);
        entity.Property(s => s.FromName).HasMaxLength(200);
        entity.Property(s => s.ReplyTo).HasMaxLength(320);
        entity.Property(s => s.TrustedCertificateSha256).HasMaxLength(64);
        entity.Property(s => s.Revision).IsConcurrencyToken();
        entity.Ignore(s => s.HasPassword);
        entity.Ignore(s => s.CanRollBack);
    }
}
