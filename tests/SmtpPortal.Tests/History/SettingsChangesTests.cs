using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Tests.History;

public sealed class SettingsChangesTests
{
    [Fact]
    public void HistoryNamesTheSecurityModeInPeoplesWordsNotTheEnumsName()
    {
        var before = new SmtpSettings { Host = "smtp.example.test", Port = 465, Security = SecurityMode.SslOnConnect, FromAddress = "a@example.test" };
        var after = before.Copy();
        after.Security = SecurityMode.StartTls;
        after.Port = 587;

        var entry = SettingsChanges.Between(before, after).ToAuditEntry(AuditAction.SettingsSaved, AuditActor.Unknown, DateTimeOffset.UnixEpoch, 2);

        Assert.Contains("Security: SSL/TLS (implicit) → STARTTLS", entry.Details);
        Assert.DoesNotContain("SslOnConnect", entry.Details);
    }
}
