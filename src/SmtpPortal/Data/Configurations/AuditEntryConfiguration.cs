using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmtpPortal.History;

namespace SmtpPortal.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entity)
    {
        // SQLite cannot compare DateTimeOffset text; as a number the History filters run in SQL.
        entity.Property(e => e.At).HasConversion(new DateTimeOffsetToBinaryConverter());
        entity.HasIndex(e => e.At);
        entity.Property(e => e.Actor).HasMaxLength(256);
        entity.Property(e => e.RemoteAddress).HasMaxLength(64);
        entity.Property(e => e.Action).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.Fields).HasMaxLength(500);
        entity.Property(e => e.Details).HasMaxLength(AuditEntry.MaxDetailsLength);
        entity.Property(e => e.DetailsMessage).HasMaxLength(AuditEntry.MaxDetailsLength);
    }
}
