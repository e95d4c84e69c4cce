using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmtpPortal.Security;

namespace SmtpPortal.Data.Configurations;

internal sealed class EndedSessionConfiguration : IEntityTypeConfiguration<EndedSession>
{
    public void Configure(EntityTypeBuilder<EndedSession> entity)
    {
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).HasMaxLength(64);
        // As a number, so that pruning compares in SQL (SQLite cannot compare DateTimeOffset text).
        entity.Property(e => e.Until).HasConversion(new DateTimeOffsetToBinaryConverter());
    }
}
