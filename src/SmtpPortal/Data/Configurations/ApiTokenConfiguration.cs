using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmtpPortal.Api;

namespace SmtpPortal.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> entity)
    {
        entity.Property(t => t.Name).HasMaxLength(100);
        entity.Property(t => t.TokenHash).HasMaxLength(64);
        entity.HasIndex(t => t.TokenHash).IsUnique();
        entity.Property(t => t.Prefix).HasMaxLength(16);
        entity.Property(t => t.Scopes).HasConversion<int>();
        entity.Property(t => t.CreatedBy).HasMaxLength(256);
    }
}
