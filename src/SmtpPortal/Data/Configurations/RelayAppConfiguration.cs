using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmtpPortal.Relay;

namespace SmtpPortal.Data.Configurations;

internal sealed class RelayAppConfiguration : IEntityTypeConfiguration<RelayApp>
{
    public void Configure(EntityTypeBuilder<RelayApp> entity)
    {
        entity.Property(a => a.Name).HasMaxLength(RelayAppStore.MaxNameLength);
        entity.Property(a => a.UserName).HasMaxLength(64);
        entity.HasIndex(a => a.UserName).IsUnique();
        entity.Property(a => a.SecretHash).HasMaxLength(64);
        entity.Property(a => a.AllowedSenders).HasMaxLength(20_000);
        entity.Property(a => a.CreatedBy).HasMaxLength(256);
        entity.Ignore(a => a.Senders);
    }
}
