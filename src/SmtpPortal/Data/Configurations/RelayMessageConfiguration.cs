using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmtpPortal.Relay;

namespace SmtpPortal.Data.Configurations;

internal sealed class RelayMessageConfiguration : IEntityTypeConfiguration<RelayMessage>
{
    public void Configure(EntityTypeBuilder<RelayMessage> entity)
    {
        // SQLite cannot compare DateTimeOffset text; as numbers the queue's and log's filters run in SQL.
        var binary = new DateTimeOffsetToBinaryConverter();
        entity.Property(m => m.AcceptedAt).HasConversion(binary);
        entity.Property(m => m.NextAttemptAt).HasConversion(binary);
        entity.Property(m => m.ExpiresAt).HasConversion(binary);
        entity.Property(m => m.LastAttemptAt).HasConversion(binary);
        entity.Property(m => m.FinishedAt).HasConversion(binary);
        entity.Property(m => m.AppName).HasMaxLength(RelayAppStore.MaxNameLength);
        entity.Property(m => m.ClientAddress).HasMaxLength(64);
        entity.Property(m => m.EnvelopeFrom).HasMaxLength(EnvelopeAddress.MaxLength);
        entity.Property(m => m.Recipients).HasMaxLength(1000 * (EnvelopeAddress.MaxLength + 1));
        entity.Property(m => m.Subject).HasMaxLength(500);
        entity.Property(m => m.MessageIdHeader).HasMaxLength(300);
        entity.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        entity.Property(m => m.LastReply).HasMaxLength(1000);
        entity.Property(m => m.LastCategory).HasConversion<string>().HasMaxLength(32);
        entity.Property(m => m.LastReasonCode).HasMaxLength(64);
        entity.Property(m => m.LastReason).HasMaxLength(1200);
        entity.Property(m => m.BodyFile).HasMaxLength(64);
        entity.Ignore(m => m.RecipientList);
        entity.Ignore(m => m.HasBody);
        entity.HasIndex(m => new { m.Status, m.NextAttemptAt });
        entity.HasIndex(m => new { m.AppId, m.AcceptedAt });
        entity.HasIndex(m => m.FinishedAt);
    }
}

internal sealed class RelayMessageBodyConfiguration : IEntityTypeConfiguration<RelayMessageBody>
{
    public void Configure(EntityTypeBuilder<RelayMessageBody> entity)
    {
        entity.HasKey(b => b.MessageId);
        entity.HasOne(b => b.Message).WithOne().HasForeignKey<RelayMessageBody>(b => b.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RelayAttemptConfiguration : IEntityTypeConfiguration<RelayAttempt>
{
    public void Configure(EntityTypeBuilder<RelayAttempt> entity)
    {
        entity.Property(a => a.At).HasConversion(new DateTimeOffsetToBinaryConverter());
        entity.Property(a => a.Category).HasConversion<string>().HasMaxLength(32);
        entity.Property(a => a.Reply).HasMaxLength(1000);
        entity.Property(a => a.Summary).HasMaxLength(1000);
        entity.HasIndex(a => a.MessageId);
    }
}
