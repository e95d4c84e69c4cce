using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using SmtpPortal.Hosting;

namespace SmtpPortal.Security;

/// <summary>
/// Checks the key ring's files before Data Protection first reads them. One damaged file (cut
/// off by a full disk, edited by hand) used to make every protect call fail, so every page
/// answered 500 — sign-in included, so nobody could get in to re-enter the password; a key that
/// the configured certificate cannot decrypt is just as useless. Such a file is moved to
/// <see cref="DataDirectory.UnreadableKeysDirectory"/>, never deleted (with the right certificate
/// or an intact copy it may still be recovered), and the log names it and says what to do. The
/// portal then makes a new key and asks for the SMTP password again, as after a lost key ring.
/// </summary>
public static class UnreadableKeys
{
    /// <returns>What was set aside and why, one message per file (also logged as errors).</returns>
    public static IReadOnlyList<string> SetAside(IServiceProvider services)
    {
        var dataDirectory = services.GetRequiredService<DataDirectory>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("SmtpPortal.KeyRing");
        var certificate = services.GetService<IConfiguration>()?[KeyRingOptions.Section + ":CertificatePath"];
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var setAside = new List<string>();

        var keyFiles = new Dictionary<Guid, string>();
        foreach (var file in Directory.EnumerateFiles(dataDirectory.KeysDirectory, "*.xml"))
        {
            try
            {
                if (Guid.TryParse(XElement.Load(file).Attribute("id")?.Value, out var id))
                    keyFiles[id] = file;
            }
            catch (XmlException)
            {
                SetAside(file, "is damaged (it is not complete XML)");
            }
        }

        IReadOnlyCollection<IKey> keys;
        try
        {
            keys = services.GetRequiredService<IKeyManager>().GetAllKeys();
        }
        catch (Exception error)
        {
            logger.LogError(error, "The key ring in {KeysDirectory} can't be read; the portal will try to make a new key.", dataDirectory.KeysDirectory);
            return setAside;
        }
        foreach (var key in keys)
        {
            try
            {
                _ = key.Descriptor; // decrypts the key's secret (with the certificate, if the file was encrypted)
            }
            catch (Exception)
            {
                if (keyFiles.TryGetValue(key.KeyId, out var file))
                    SetAside(file, string.IsNullOrWhiteSpace(certificate)
                        ? "can't be decrypted: it was encrypted with a certificate, and none is configured (SmtpPortal:KeyRing:CertificatePath)"
                        : $"can't be decrypted with the configured certificate ({certificate}, SmtpPortal:KeyRing:CertificatePath)");
            }
        }
        return setAside;

        void SetAside(string file, string problem)
        {
            Directory.CreateDirectory(dataDirectory.UnreadableKeysDirectory);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(dataDirectory.UnreadableKeysDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var aside = Path.Combine(dataDirectory.UnreadableKeysDirectory, $"{Path.GetFileName(file)}.{stamp}");
            File.Move(file, aside);
            var message = string.Format(CultureInfo.InvariantCulture,
                "The key ring file {0} {1}. It was moved to {2} (not deleted) and a new key will be made. "
                + "Secrets encrypted with it can't be decrypted: an admin must enter the SMTP password again on the settings page. "
                + "To recover instead: stop the portal, configure the certificate it was encrypted with or put an intact copy "
                + "(from a backup) back into {3}, and start the portal again.",
                file, problem, aside, dataDirectory.KeysDirectory);
            logger.LogError("{KeyRingProblem}", message);
            setAside.Add(message);
        }
    }
}
