using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmtpPortal.OAuth;

namespace SmtpPortal.Data.Configurations;

internal sealed class OAuthGrantConfiguration : IEntityTypeConfiguration<OAuthGrant>
{
    public void Configure(EntityTypeBuilder<OAuthGrant> entity)
    {
        entity.Property(g => g.Id).ValueGeneratedNever();
        entity.Property(g => g.PresetId).HasMaxLength(64);
        entity.Property(g => g.Account).HasMaxLength(320);
        entity.Property(g => g.Tenant).HasMaxLength(100);
        entity.Property(g => g.ClientId).HasMaxLength(200);
    }
}
