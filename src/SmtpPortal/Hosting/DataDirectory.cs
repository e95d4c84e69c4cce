namespace SmtpPortal.Hosting;

/// <summary>
/// The one folder that holds everything SmtpPortal keeps: the SQLite database, the Data
/// Protection key ring (its own sub-folder) and, before the first admin exists, the setup token.
/// Back up this folder and you have backed up the portal.
/// </summary>
public sealed class DataDirectory
{
    private const UnixFileMode OwnerOnly =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }
    public string DatabaseFile => System.IO.Path.Combine(Path, "smtpportal.db");
    public string KeysDirectory => System.IO.Path.Combine(Path, "keys");
    /// <summary>Key ring files that could not be read are moved here, never deleted (<see cref="Security.UnreadableKeys"/>).</summary>
    public string UnreadableKeysDirectory => System.IO.Path.Combine(Path, "keys-unreadable");

    public string SetupTokenFile => System.IO.Path.Combine(Path, "setup-token.txt");

    /// <summary>The operator's own presets (optional), same schema as the shipped presets.json.</summary>
    public string PresetsFile => System.IO.Path.Combine(Path, "presets.json");

    /// <summary>The operator's own sending limits (optional), same schema as the shipped sending-limits.json.</summary>
    public string SendingLimitsFile => System.IO.Path.Combine(Path, "sending-limits.json");

    /// <summary>The relay's files: its generated certificate and, in <see cref="RelayQueueDirectory"/>,
    /// the bodies of messages not yet delivered.</summary>
    public string RelayDirectory => System.IO.Path.Combine(Path, "relay");
    public string RelayQueueDirectory => System.IO.Path.Combine(RelayDirectory, "queue");

    public static DataDirectory FromOptions(SmtpPortalOptions options, string contentRoot) =>
        new(System.IO.Path.Combine(contentRoot, options.DataDirectory));

    /// <summary>Creates the folders if needed; they hold every mail credential of the server,
    /// so only the service account may enter them.</summary>
    public void CreateIfMissing()
    {
        CreateOwnerOnly(Path);
        CreateOwnerOnly(KeysDirectory);
        CreateOwnerOnly(RelayDirectory);
        CreateOwnerOnly(RelayQueueDirectory);
    }

    private static void CreateOwnerOnly(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, OwnerOnly);
        File.SetUnixFileMode(directory, OwnerOnly);
    }

    /// <summary>Writes a file readable by the owner only, from its first byte. No byte-order
    /// mark: an admin copies the setup token out of a terminal, and an invisible U+FEFF pasted
    /// along would make the right token fail.</summary>
    public static void WriteOwnerOnly(string file, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(file, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.Write(contents);
    }
}
