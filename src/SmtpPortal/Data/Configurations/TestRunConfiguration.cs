using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Data.Configurations;

internal sealed class TestRunConfiguration : IEntityTypeConfiguration<TestRun>
{
    public void Configure(EntityTypeBuilder<TestRun> entity)
    {
        entity.Property(r => r.AdminName).HasMaxLength(256);
        entity.Property(r => r.Recipient).HasMaxLength(320);
        entity.Property(r => r.Category).HasConversion<string>().HasMaxLength(32);
        entity.Property(r => r.Summary).HasMaxLength(1000);
        entity.Property(r => r.ServerReply).HasMaxLength(2000);
        entity.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(r => r.Transcript).HasMaxLength(SmtpTranscript.MaxLength + 100);
    }
}
