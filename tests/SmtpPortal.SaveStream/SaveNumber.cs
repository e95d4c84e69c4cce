using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.SaveStream;

/// <summary>Every field of save N says N, so a mix of two saves is visible.</summary>
public static class SaveNumber
{
    public static SmtpSettingsInput Input(int n) => new()
    {
        PresetId = "custom",
        Host = $"h{n}.example.com",
        Port = 1000 + n % 60000,
        Security = n % 2 == 0 ? SecurityMode.StartTls : SecurityMode.SslOnConnect,
        Username = $"user{n}",
        Password = $"secret-{n}",
        FromAddress = $"n{n}@example.com",
        FromName = $"save {n}",
        ReplyTo = $"reply{n}@example.com",
    };

    public static int Of(SmtpSettings settings) => int.Parse(settings.FromName!["save ".Length..]);
}
