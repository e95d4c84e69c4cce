using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>Settings input that points at a <see cref="LocalSmtpServer"/> without TLS.</summary>
public static class LocalSettings
{
    public static SmtpSettingsInput For(LocalSmtpServer server, string? password = LocalSmtpServer.Password) => new()
    {
        PresetId = "custom",
        Host = "127.0.0.1",
        Port = server.Port,
        Security = SecurityMode.None,
        Username = LocalSmtpServer.UserName,
        Password = password,
        FromAddress = "portal@example.test",
        FromName = "Portal",
    };
}
