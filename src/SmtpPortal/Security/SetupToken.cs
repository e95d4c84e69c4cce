using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Hosting;

namespace SmtpPortal.Security;

/// <summary>
/// First-run protection: until the first admin exists, whoever can read the data directory — the
/// server's own administrator — holds a one-time token, and only the token opens /setup.
/// </summary>
public sealed class SetupToken(
    DataDirectory dataDirectory,
    PortalDatabase database,
    AuditLog audit,
    ILogger<SetupToken> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Whether an admin exists. A plain query, not EF Core: it is asked at start and by
    /// the sign-in page, which would otherwise pay EF Core's first use (~0.3 s of CPU) before the
    /// portal could answer its first request.</summary>
    public async Task<bool> IsSetupCompleteAsync(CancellationToken ct = default)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT EXISTS (SELECT 1 FROM AspNetUsers)";
        return Convert.ToBoolean(await query.ExecuteScalarAsync(ct));
    }

    /// <summary>Creates the token file when no admin exists yet (keeping an existing one, so a
    /// restart does not invalidate a token the admin already copied).</summary>
    public async Task EnsureIssuedAsync(CancellationToken ct = default)
    {
        if (await IsSetupCompleteAsync(ct))
        {
            File.Delete(dataDirectory.SetupTokenFile);
            return;
        }
        if (!File.Exists(dataDirectory.SetupTokenFile))
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            DataDirectory.WriteOwnerOnly(dataDirectory.SetupTokenFile, token + "\n");
        }
        logger.LogWarning(
            "No admin exists yet. Open /setup and enter the token from {SetupTokenFile}",
            dataDirectory.SetupTokenFile);
    }

    public bool Matches(string? candidate)
    {
        if (string.IsNullOrWhiteSpace(candidate) || !File.Exists(dataDirectory.SetupTokenFile))
            return false;
        var expected = Encoding.UTF8.GetBytes(File.ReadAllText(dataDirectory.SetupTokenFile).Trim());
        var given = Encoding.UTF8.GetBytes(candidate.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Creates the first admin, once. The token is spent by success.</summary>
    public async Task<IdentityResult> CompleteAsync(
        UserManager<AdminUser> users, string userName, string email, string password, string? remoteAddress)
    {
        // Two browsers submitting at once must not both become "the first admin".
        await _gate.WaitAsync();
        try
        {
            if (await IsSetupCompleteAsync())
                return IdentityResult.Failed(new IdentityError { Description = "Setup is already complete." });

            var admin = new AdminUser { UserName = userName, Email = email, EmailConfirmed = true };
            var result = await users.CreateAsync(admin, password);
            if (!result.Succeeded)
                return result;
            File.Delete(dataDirectory.SetupTokenFile);
            await audit.RecordAsync(AuditAction.AdminAdded, new AuditActor(userName, remoteAddress),
                AuditText.Of("FirstAdminCreated", userName, email));
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
