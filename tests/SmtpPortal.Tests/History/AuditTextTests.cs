using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using SmtpPortal.History;
using SmtpPortal.Localization;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.History;

/// <summary>History reads in the viewer's language: every action has its words in both languages,
/// new entries keep a message, and entries written before in English are read back into one.</summary>
public sealed partial class AuditTextTests
{
    private static readonly ViewerTimeZone Shanghai = ViewerTimeZone.FromName("Asia/Shanghai");
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();

    public static TheoryData<AuditAction> Actions() => [.. Enum.GetValues<AuditAction>()];

    /// <summary>A helper who adds an action (admin events, relay deliveries…) must give it words
    /// in both languages, or History shows its key.</summary>
    [Theory]
    [MemberData(nameof(Actions))]
    public void EveryActionHasItsNameInEnglishAndChinese(AuditAction action)
    {
        var resources = new ResourceManager("SmtpPortal.Resources.History.AuditText", typeof(AuditText).Assembly);
        var key = AuditTextRenderer.ActionKey(action);

        Assert.False(string.IsNullOrWhiteSpace(resources.GetResourceSet(CultureInfo.InvariantCulture, true, false)?.GetString(key)),
            $"{key} has no English text in Resources/History/AuditText.resx");
        Assert.False(string.IsNullOrWhiteSpace(resources.GetResourceSet(CultureInfo.GetCultureInfo("zh-CN"), true, false)?.GetString(key)),
            $"{key} has no Chinese text in Resources/History/AuditText.zh-CN.resx");
    }

    [Fact]
    public void ASettingsChangeIsStoredInEnglishAndReadInChinese()
    {
        var before = new SmtpSettings { PresetId = "custom", Host = "smtp.example.com", Port = 25, Security = SecurityMode.None, FromAddress = "a@example.com" };
        var after = new SmtpSettings
        {
            PresetId = "qq", Host = "smtp.qq.com", Port = 465, Security = SecurityMode.SslOnConnect, FromAddress = "a@example.com",
            FromName = "Ops; night shift", ProtectedPassword = "cipher",
        };

        var entry = SettingsChanges.Between(before, after).ToAuditEntry(AuditAction.SettingsSaved, new AuditActor("alice", null), DateTimeOffset.UnixEpoch, 2);

        Assert.Equal("Provider: custom → qq; Host: smtp.example.com → smtp.qq.com; Port: 25 → 465; "
            + "Security: None (plain text) → SSL/TLS (implicit); password changed; From name: (empty) → Ops; night shift", entry.Details);
        using var chinese = new UiCultureScope("zh-CN");
        Assert.Equal("服务商：自定义 SMTP → QQ Mail；服务器：smtp.example.com → smtp.qq.com；端口：25 → 465；"
            + "加密方式：不加密（明文） → SSL/TLS（直连加密）；密码已更改；发件人名称：（空） → Ops; night shift",
            AuditTextRenderer.Describe(entry, Shanghai, Catalog));
    }

    [Fact]
    public void TimesInAMessageAreShownInTheViewersZone()
    {
        var entry = AuditEntry.Of(AuditAction.ApiTokenCreated, new AuditActor("alice", null), DateTimeOffset.UnixEpoch,
            AuditText.Of("ApiToken", "deploy", "read, test", AuditText.At(new DateTimeOffset(2026, 12, 1, 0, 48, 0, TimeSpan.Zero))));

        Assert.Equal("deploy (scopes: read, test; expires 2026-12-01 00:48 UTC)", entry.Details);
        using var chinese = new UiCultureScope("zh-CN");
        Assert.Equal("deploy（权限范围：read, test；2026-12-01 08:48 UTC+8 过期）", AuditTextRenderer.Describe(entry, Shanghai, Catalog));
    }

    [Fact]
    public void AMessageSurvivesItsColumn()
    {
        var message = AuditText.Of("OAuthSignedInReplacing",
            AuditText.Of("OAuthSignedIn", "Microsoft", "a@outlook.com", AuditText.Preset("outlook")),
            "b@outlook.com", AuditText.Preset("hotmail"));
        var mode = AuditText.Of("FieldChanged", AuditText.Of("FieldSecurity"), AuditText.Mode(SecurityMode.StartTls), AuditText.At(DateTimeOffset.UnixEpoch));
        var foreign = AuditText.From(typeof(CredentialAge), "SetToday", "x");

        Assert.Equal(message, AuditText.FromJson(message.ToJson()), AuditTextComparer.Instance);
        Assert.Equal(mode, AuditText.FromJson(mode.ToJson()), AuditTextComparer.Instance);
        Assert.Equal(foreign, AuditText.FromJson(foreign.ToJson()), AuditTextComparer.Instance);
        Assert.Null(AuditText.FromJson("{not json"));
    }

    /// <summary>What SmtpPortal wrote before entries kept messages (one of each form, some with
    /// awkward values), and what a Chinese reader now sees.</summary>
    public static TheoryData<AuditAction, string, string, string> OldEntries() => new()
    {
        { AuditAction.SettingsSaved, "Provider, Host, Port, Security, Password, From name",
            "Provider: custom → 163; Host: (empty) → smtp.163.com; Port: 587 → 465; Security: StartTls → SslOnConnect; password changed; From name: Ops; a → b → Ops",
            "服务商：自定义 SMTP → 163 Mail；服务器：（空） → smtp.163.com；端口：587 → 465；加密方式：STARTTLS → SSL/TLS（直连加密）；密码已更改；发件人名称：Ops; a → b → Ops" },
        { AuditAction.SettingsSaved, "", "no field changed", "没有字段变化" },
        { AuditAction.PasswordRotated, "Password", "password changed (the new one logged in before it was stored)", "密码已更改（新密码先登录成功，再保存）" },
        { AuditAction.PasswordRotated, "Password", "password changed (the new one sent a test email to ops@example.com before it was stored)",
            "密码已更改（新密码先向 ops@example.com 发送测试邮件成功，再保存）" },
        { AuditAction.PasswordRolledBack, "Password", "password changed (back to the previous one, which logged in first)", "密码已更改（恢复为上一个密码，它先登录成功）" },
        { AuditAction.RotationRefused, "Password", "new password not stored: 535 rejected", "新密码未保存：535 rejected" },
        { AuditAction.RollbackRefused, "Password", "previous password no longer logs in: 535 rejected", "上一个密码已无法登录：535 rejected" },
        { AuditAction.TestSent, "", "to ops@example.com: Sent: 250 OK", "发往 ops@example.com：Sent: 250 OK" },
        { AuditAction.BackupDownloaded, "", "database and key ring", "数据库和密钥环" },
        { AuditAction.BackupRestored, "", "database and 2 key file(s) restored", "已恢复数据库和 2 个密钥文件" },
        { AuditAction.ApiTokenRevoked, "", "deploy (x) (scopes: read, read-secret; expires 2026-12-01 00:48 UTC)",
            "deploy (x)（权限范围：read, read-secret；2026-12-01 08:48 UTC+8 过期）" },
        { AuditAction.OAuthSignedIn, "", "Microsoft sign-in for a@outlook.com (preset outlook), replacing the one for b@outlook.com (preset hotmail)",
            "a@outlook.com 的 Microsoft 登录授权（预设 Outlook.com），替换了 b@outlook.com 的授权（预设 Hotmail）" },
        { AuditAction.OAuthSignInRemoved, "", "sign-in for a@gmail.com (preset gmail) removed", "已移除 a@gmail.com 的登录授权（预设 Gmail）" },
        { AuditAction.SecretRevealed, "", "SMTP password shown in clear via export: export env, json", "SMTP 密码通过导出以明文给出：export env, json" },
        { AuditAction.SecretRevealed, "", "SMTP password shown in clear via API: GET /api/settings", "SMTP 密码通过 API 以明文给出：GET /api/settings" },
    };

    [Theory]
    [MemberData(nameof(OldEntries))]
    public void AnEntryWrittenInEnglishBeforeIsReadInChinese(AuditAction action, string fields, string details, string chinese)
    {
        var entry = new AuditEntry { Action = action, Fields = fields, Details = details };

        Assert.NotNull(LegacyAuditDetails.Read(entry));
        using var scope = new UiCultureScope("zh-CN");
        Assert.Equal(chinese, AuditTextRenderer.Describe(entry, Shanghai, Catalog));
    }

    [Fact]
    public void TextThatMatchesNoKnownFormIsShownAsItWasWritten()
    {
        var entry = new AuditEntry { Action = AuditAction.SettingsSaved, Fields = "Host", Details = "something else entirely" };

        using var chinese = new UiCultureScope("zh-CN");
        Assert.Equal("something else entirely", AuditTextRenderer.Describe(entry, Shanghai, Catalog));
    }

    /// <summary>Records compare their lists by reference; messages compare by what they say.</summary>
    private sealed class AuditTextComparer : IEqualityComparer<AuditText?>
    {
        public static readonly AuditTextComparer Instance = new();
        public bool Equals(AuditText? x, AuditText? y) => x is null || y is null ? x == y : x.ToJson() == y.ToJson();
        public int GetHashCode(AuditText? obj) => obj?.ToJson().GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
