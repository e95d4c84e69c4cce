using System.Text.Json;
using SmtpPortal.Export;
using SmtpPortal.Export.Formats;
using SmtpPortal.Smtp;

namespace SmtpPortal.Tests.Export;

/// <summary>Each format read back as its app would read it: the keys its documentation names,
/// the values exactly (quotes, dollars, backslashes and emoji included) and its security words.</summary>
public sealed class ExportFormatTests
{
    private const string Password = "Pa$$ 'q' \"dq\" \\b #;% 🔑 $(id)";

    private static ExportValues Values(SecurityMode security = SecurityMode.SslOnConnect, int port = 465, string? password = Password) => new(
        "smtp.example.test", port, security, "portal@example.test", password, "mailer@example.test", "Ops \"Team\" & Co", "help@example.test");

    private static ExportValues NoLogin() => Values(SecurityMode.None, 25) with { Username = null, Password = null };

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, "ssl")]
    [InlineData(SecurityMode.StartTls, "starttls")]
    [InlineData(SecurityMode.None, "none")]
    public void GenericEnvSourcesBackExactly(SecurityMode mode, string word)
    {
        var env = ExportParsers.SourceEnv(new GenericEnvFormat().Render(Values(mode)));

        Assert.Equal("smtp.example.test", env["SMTP_HOST"]);
        Assert.Equal("465", env["SMTP_PORT"]);
        Assert.Equal(word, env["SMTP_SECURITY"]);
        Assert.Equal("portal@example.test", env["SMTP_USERNAME"]);
        Assert.Equal(Password, env["SMTP_PASSWORD"]);
        Assert.Equal("mailer@example.test", env["SMTP_FROM"]);
        Assert.Equal("Ops \"Team\" & Co", env["SMTP_FROM_NAME"]);
    }

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, "ssl")]
    [InlineData(SecurityMode.StartTls, "starttls")]
    [InlineData(SecurityMode.None, "none")]
    public void JsonParsesWithEveryField(SecurityMode mode, string word)
    {
        using var json = JsonDocument.Parse(new JsonFormat().Render(Values(mode)));
        var root = json.RootElement;

        Assert.Equal("smtp.example.test", root.GetProperty("host").GetString());
        Assert.Equal(465, root.GetProperty("port").GetInt32());
        Assert.Equal(word, root.GetProperty("security").GetString());
        Assert.Equal("portal@example.test", root.GetProperty("username").GetString());
        Assert.Equal(Password, root.GetProperty("password").GetString());
        Assert.Equal("mailer@example.test", root.GetProperty("fromAddress").GetString());
        Assert.Equal("Ops \"Team\" & Co", root.GetProperty("fromName").GetString());
        Assert.Equal("help@example.test", root.GetProperty("replyTo").GetString());
    }

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, "ssl", true)]
    [InlineData(SecurityMode.StartTls, "tls", true)]
    [InlineData(SecurityMode.None, "", false)]
    public void WordPressUsesWpMailSmtpConstantsAndPhpMailerWords(SecurityMode mode, string ssl, bool autoTls)
    {
        var defines = ExportParsers.PhpDefines(new WordPressFormat().Render(Values(mode)));

        Assert.Equal(true, defines["WPMS_ON"]);
        Assert.Equal("smtp", defines["WPMS_MAILER"]);
        Assert.Equal("smtp.example.test", defines["WPMS_SMTP_HOST"]);
        Assert.Equal(465, defines["WPMS_SMTP_PORT"]);
        Assert.Equal(ssl, defines["WPMS_SSL"]);
        Assert.Equal(autoTls, defines["WPMS_SMTP_AUTOTLS"]);
        Assert.Equal(true, defines["WPMS_SMTP_AUTH"]);
        Assert.Equal("portal@example.test", defines["WPMS_SMTP_USER"]);
        Assert.Equal(Password, defines["WPMS_SMTP_PASS"]);
        Assert.Equal("mailer@example.test", defines["WPMS_MAIL_FROM"]);
        Assert.Equal("Ops \"Team\" & Co", defines["WPMS_MAIL_FROM_NAME"]);
    }

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, "ssl")]
    [InlineData(SecurityMode.StartTls, "")]
    [InlineData(SecurityMode.None, "")]
    public void NextcloudOccCommandsSetTheMailSystemKeys(SecurityMode mode, string secure)
    {
        var calls = ExportParsers.RunWithStubbedPhp(new NextcloudFormat().Render(Values(mode)));

        Assert.All(calls, call => Assert.Equal(["occ", "config:system:set"], call[..2]));
        var values = calls.ToDictionary(c => c[2], c => (Value: c[3], Type: c.Length > 4 ? c[4] : null));
        Assert.Equal("--value=smtp", values["mail_smtpmode"].Value);
        Assert.Equal("--value=smtp.example.test", values["mail_smtphost"].Value);
        Assert.Equal(("--value=465", "--type=integer"), values["mail_smtpport"]);
        Assert.Equal("--value=" + secure, values["mail_smtpsecure"].Value);
        Assert.Equal(("--value=true", "--type=boolean"), values["mail_smtpauth"]);
        Assert.Equal("--value=portal@example.test", values["mail_smtpname"].Value);
        Assert.Equal("--value=" + Password, values["mail_smtppassword"].Value);
        Assert.Equal("--value=mailer", values["mail_from_address"].Value);
        Assert.Equal("--value=example.test", values["mail_domain"].Value);
    }

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, true, false)]
    [InlineData(SecurityMode.StartTls, false, true)]
    [InlineData(SecurityMode.None, false, false)]
    public void GitLabSetsSmtpTlsForImplicitTlsAndStartTlsAutoForStartTls(SecurityMode mode, bool tls, bool startTlsAuto)
    {
        var rails = ExportParsers.GitLabRails(new GitLabFormat().Render(Values(mode)));

        Assert.Equal(true, rails["smtp_enable"]);
        Assert.Equal("smtp.example.test", rails["smtp_address"]);
        Assert.Equal(465, rails["smtp_port"]);
        Assert.Equal("portal@example.test", rails["smtp_user_name"]);
        Assert.Equal(Password, rails["smtp_password"]);
        Assert.Equal("example.test", rails["smtp_domain"]);
        Assert.Equal(tls, rails["smtp_tls"]);
        Assert.Equal(startTlsAuto, rails["smtp_enable_starttls_auto"]);
        Assert.Equal("mailer@example.test", rails["gitlab_email_from"]);
        Assert.Equal("Ops \"Team\" & Co", rails["gitlab_email_display_name"]);
        Assert.Equal("help@example.test", rails["gitlab_email_reply_to"]);
    }

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, "true", "false")]
    [InlineData(SecurityMode.StartTls, "false", "true")]
    [InlineData(SecurityMode.None, "false", "false")]
    public void DiscourseUsesForceTlsForImplicitTlsAndEnableStartTlsForStartTls(SecurityMode mode, string forceTls, string startTls)
    {
        var env = ExportParsers.DiscourseEnv(new DiscourseFormat().Render(Values(mode)));

        Assert.Equal("smtp.example.test", env["DISCOURSE_SMTP_ADDRESS"]);
        Assert.Equal("465", env["DISCOURSE_SMTP_PORT"]);
        Assert.Equal("portal@example.test", env["DISCOURSE_SMTP_USER_NAME"]);
        Assert.Equal(Password, env["DISCOURSE_SMTP_PASSWORD"]);
        Assert.Equal(forceTls, env["DISCOURSE_SMTP_FORCE_TLS"]);
        Assert.Equal(startTls, env["DISCOURSE_SMTP_ENABLE_START_TLS"]);
        Assert.Equal("example.test", env["DISCOURSE_SMTP_DOMAIN"]);
        Assert.Equal("mailer@example.test", env["DISCOURSE_NOTIFICATION_EMAIL"]);
    }

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, "TLS")]
    [InlineData(SecurityMode.StartTls, "STARTTLS")]
    [InlineData(SecurityMode.None, "")]
    public void MattermostUsesTlsAndStartTlsAsConnectionSecurity(SecurityMode mode, string connectionSecurity)
    {
        var env = ExportParsers.SourceEnv(new MattermostFormat().Render(Values(mode)));

        Assert.Equal("smtp.example.test", env["MM_EMAILSETTINGS_SMTPSERVER"]);
        Assert.Equal("465", env["MM_EMAILSETTINGS_SMTPPORT"]);
        Assert.Equal(connectionSecurity, env["MM_EMAILSETTINGS_CONNECTIONSECURITY"]);
        Assert.Equal("true", env["MM_EMAILSETTINGS_ENABLESMTPAUTH"]);
        Assert.Equal("portal@example.test", env["MM_EMAILSETTINGS_SMTPUSERNAME"]);
        Assert.Equal(Password, env["MM_EMAILSETTINGS_SMTPPASSWORD"]);
        Assert.Equal("mailer@example.test", env["MM_EMAILSETTINGS_FEEDBACKEMAIL"]);
        Assert.Equal("Ops \"Team\" & Co", env["MM_EMAILSETTINGS_FEEDBACKNAME"]);
        Assert.Equal("help@example.test", env["MM_EMAILSETTINGS_REPLYTOADDRESS"]);
    }

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, "smtps")]
    [InlineData(SecurityMode.StartTls, "smtp+starttls")]
    [InlineData(SecurityMode.None, "smtp")]
    public void GiteaMailerSectionNamesTheProtocol(SecurityMode mode, string protocol)
    {
        var mailer = ExportParsers.GoIni(new GiteaFormat().Render(Values(mode)))["mailer"];

        Assert.Equal("true", mailer["ENABLED"]);
        Assert.Equal(protocol, mailer["PROTOCOL"]);
        Assert.Equal("smtp.example.test", mailer["SMTP_ADDR"]);
        Assert.Equal("465", mailer["SMTP_PORT"]);
        Assert.Equal("portal@example.test", mailer["USER"]);
        Assert.Equal(Password, mailer["PASSWD"]);
        Assert.Equal("\"Ops \\\"Team\\\" & Co\" <mailer@example.test>", mailer["FROM"]);
    }

    [Fact]
    public void GiteaKeepsAPasswordWithABacktickInTripleQuotes()
    {
        var mailer = ExportParsers.GoIni(new GiteaFormat().Render(Values(password: "a`b#c")))["mailer"];

        Assert.Equal("a`b#c", mailer["PASSWD"]);
    }

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, 465, null)]
    [InlineData(SecurityMode.StartTls, 587, "MandatoryStartTLS")]
    [InlineData(SecurityMode.None, 25, "NoStartTLS")]
    public void GrafanaSetsTheStartTlsPolicyAndHostWithPort(SecurityMode mode, int port, string? policy)
    {
        var text = new GrafanaFormat().Render(Values(mode, port));
        var env = ExportParsers.SourceEnv(text);

        Assert.Equal("true", env["GF_SMTP_ENABLED"]);
        Assert.Equal($"smtp.example.test:{port}", env["GF_SMTP_HOST"]);
        Assert.Equal("portal@example.test", env["GF_SMTP_USER"]);
        Assert.Equal(Password, env["GF_SMTP_PASSWORD"]);
        Assert.Equal("mailer@example.test", env["GF_SMTP_FROM_ADDRESS"]);
        Assert.Equal("Ops \"Team\" & Co", env["GF_SMTP_FROM_NAME"]);
        Assert.Equal(policy, env.GetValueOrDefault("GF_SMTP_STARTTLS_POLICY"));
        Assert.DoesNotContain("WARNING", text);
    }

    [Fact]
    public void GrafanaWarnsThatImplicitTlsWorksOnlyOnPort465()
    {
        Assert.Contains("WARNING: Grafana uses implicit TLS only on port 465", new GrafanaFormat().Render(Values(SecurityMode.SslOnConnect, 2465)));
        Assert.Contains("WARNING: Grafana always uses implicit TLS on port 465", new GrafanaFormat().Render(Values(SecurityMode.StartTls, 465)));
    }

    [Theory]
    [InlineData(SecurityMode.SslOnConnect, "true", null, null)]
    [InlineData(SecurityMode.StartTls, "false", "true", null)]
    [InlineData(SecurityMode.None, "false", null, "true")]
    public void GhostUsesNodemailerSecureRequireTlsAndIgnoreTls(SecurityMode mode, string secure, string? requireTls, string? ignoreTls)
    {
        var env = ExportParsers.SourceEnv(new GhostFormat().Render(Values(mode)));

        Assert.Equal("SMTP", env["mail__transport"]);
        Assert.Equal("\"Ops \\\"Team\\\" & Co\" <mailer@example.test>", env["mail__from"]);
        Assert.Equal("smtp.example.test", env["mail__options__host"]);
        Assert.Equal("465", env["mail__options__port"]);
        Assert.Equal(secure, env["mail__options__secure"]);
        Assert.Equal(requireTls, env.GetValueOrDefault("mail__options__requireTLS"));
        Assert.Equal(ignoreTls, env.GetValueOrDefault("mail__options__ignoreTLS"));
        Assert.Equal("portal@example.test", env["mail__options__auth__user"]);
        Assert.Equal(Password, env["mail__options__auth__pass"]);
    }

    public static TheoryData<string> FormatIds => [.. ExportCatalog.Ids];

    [Theory]
    [MemberData(nameof(FormatIds))]
    public void WithoutThePasswordEveryFormatCarriesThePlaceholder(string id)
    {
        var values = Values(password: ExportValues.PasswordPlaceholder);

        var text = ExportCatalog.Find(id)!.Render(values);

        Assert.Contains(ExportValues.PasswordPlaceholder, text);
        Assert.DoesNotContain(Password, text);
    }

    [Theory]
    [MemberData(nameof(FormatIds))]
    public void AServerWithoutLoginGetsNoCredentialLines(string id)
    {
        var text = ExportCatalog.Find(id)!.Render(NoLogin());

        Assert.DoesNotContain(ExportValues.PasswordPlaceholder, text);
        Assert.DoesNotContain("portal@example.test", text);
        Assert.Contains("smtp.example.test", text);
    }

    [Fact]
    public void TheCatalogOffersEveryAppTheIssueNames()
    {
        Assert.Equal(["env", "json", "wordpress", "nextcloud", "gitlab", "discourse", "mattermost", "gitea", "grafana", "ghost"], ExportCatalog.Ids);
        Assert.Equal(ExportCatalog.Ids.Count, ExportCatalog.All.Select(f => f.FileName).Distinct().Count());
    }
}
