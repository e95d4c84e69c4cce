namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>What a preset knows beyond the generic advice, keyed by preset id (so presets added
/// to presets.json later only add lines here).</summary>
public static class ProviderAdvice
{
    /// <summary>Login refused (534/535): what secret this provider really wants.</summary>
    public static readonly IReadOnlyDictionary<string, string> LoginFix = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["gmail"] = "Gmail refuses the normal Google password. Turn on 2-Step Verification, then create an app password at myaccount.google.com/apppasswords and enter its 16 letters as the password.",
        ["qq"] = "QQ Mail wants the 16-letter authorization code (授权码), not the QQ password. In QQ Mail: Settings → Account → enable \"POP3/IMAP/SMTP service\", then generate an authorization code. Changing the QQ password invalidates old codes.",
        ["163"] = "163 Mail wants an authorization code (授权码), not the login password. In 163 Mail: Settings → POP3/SMTP/IMAP → enable the SMTP service, then create an authorization code.",
        ["126"] = "126 Mail wants an authorization code (授权码), not the login password. In 126 Mail: Settings → POP3/SMTP/IMAP → enable the SMTP service, then create an authorization code.",
        ["exmail"] = "Tencent Exmail: if secure login is on, create a client-specific password in the Exmail settings and use it instead of the mailbox password.",
        ["outlook"] = "Outlook.com accepts only OAuth2 for SMTP: Microsoft retired password logins, and an app password does not help. SmtpPortal logs in with a password, so use another provider (or a relay service) for this server's mail.",
        ["hotmail"] = "Hotmail/Live accounts accept only OAuth2 for SMTP: Microsoft retired password logins, and an app password does not help. SmtpPortal logs in with a password, so use another provider (or a relay service) for this server's mail.",
        ["microsoft365"] = "Microsoft 365: SMTP AUTH must be enabled for this mailbox (Microsoft 365 admin center → Users → the mailbox → Mail → Manage email apps → Authenticated SMTP), and the tenant must still allow SMTP basic authentication.",
        ["sendgrid"] = "SendGrid: the username must be the literal word apikey and the password an API key with Mail Send permission (it starts with SG.). Paste it without a trailing space or line break.",
        ["yahoo"] = "Yahoo refuses the account password: create an app password (Account security → Generate app password) and use it.",
        ["icloud"] = "iCloud needs an app-specific password (appleid.apple.com → Sign-In and Security → App-Specific Passwords); two-factor authentication must be on.",
        ["zoho"] = "Zoho: with two-factor authentication on, create an app-specific password; also make sure the host matches your account's data center.",
        ["aliyun"] = "Aliyun: the organisation admin must allow third-party clients; use the mailbox password or the per-client security password.",
        ["yandex"] = "Yandex needs an app password (Yandex ID → Security → App passwords); it resets when the account password or 2FA changes.",
        ["fastmail"] = "Fastmail always needs an app password (Settings → Privacy & Security → App passwords).",
        ["mailgun"] = "Mailgun: use the domain's SMTP login (e.g. postmaster@your-domain) and its SMTP password from the domain settings; US and EU accounts use different hosts.",
        ["ses"] = "Amazon SES: use SMTP credentials created in the SES console for this region, not the AWS access key; the host's region must match them.",
        ["brevo"] = "Brevo: the username is the SMTP login shown in the dashboard and the password an SMTP key (not the API key).",
        ["postmark"] = "Postmark: use the server API token as both username and password.",
        ["mailjet"] = "Mailjet: the username is the API key and the password the secret key.",
    };

    /// <summary>Sender refused (550/553/554): whose From addresses this provider accepts.</summary>
    public static readonly IReadOnlyDictionary<string, string> SenderFix = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["sendgrid"] = "SendGrid only sends From a verified Sender Identity: verify this From address (or its domain) under Settings → Sender Authentication.",
        ["gmail"] = "Gmail sends only From the account's own address or an alias added under Gmail settings → Accounts → Send mail as.",
        ["qq"] = "QQ Mail sends only From the account's own address: set From to the login address.",
        ["163"] = "163 Mail sends only From the account's own address: set From to the login address.",
        ["126"] = "126 Mail sends only From the account's own address: set From to the login address.",
        ["outlook"] = "Outlook.com sends only From the account's own address.",
        ["hotmail"] = "Hotmail sends only From the account's own address.",
        ["microsoft365"] = "Microsoft 365 sends only From the mailbox's own address or one it has Send As rights for. 550 5.7.30 means basic authentication was removed for the tenant.",
        ["yahoo"] = "Yahoo sends only From the account's own address.",
        ["mailgun"] = "Mailgun sends only From domains you added and verified in Mailgun.",
        ["ses"] = "Amazon SES sends only From verified identities; a sandbox account can also only send To verified addresses.",
        ["brevo"] = "Brevo sends only From senders or domains verified under Senders & IP.",
        ["postmark"] = "Postmark sends only From a confirmed Sender Signature or verified domain.",
        ["mailjet"] = "Mailjet sends only From validated sender addresses or domains.",
    };

    /// <summary>Providers that reject or rewrite a From address outside the logged-in account.</summary>
    public static readonly IReadOnlySet<string> FromMustMatchAccount = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "gmail", "outlook", "hotmail", "yahoo", "qq", "163", "126", "icloud", "yandex", "fastmail", "zoho", "aliyun", "exmail", "microsoft365",
    };
}
