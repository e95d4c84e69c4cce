using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Security;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Fallback;

/// <summary>The outcome of a save: the stored fallback, or the problems by field (nothing stored).</summary>
public sealed record FallbackSave(FallbackProvider? Saved, IReadOnlyDictionary<string, string> Problems)
{
    public bool Succeeded => Saved is not null;
}

/// <summary>Reads and saves the fallback provider with the rules it obeys, whoever saves (page,
/// API, command line): the main settings' field rules and credential shapes, a password for every
/// new server or account, and never the main provider itself. Its password is encrypted under its
/// own purpose and decrypted only by <see cref="Smtp.SmtpConnections"/> to send.</summary>
public sealed class FallbackProviderStore(
    IDbContextFactory<PortalDbContext> dbFactory, IDataProtectionProvider protection, ProviderCatalog catalog,
    IStringLocalizer<FallbackText> L, TimeProvider time)
{
    public const string PasswordPurpose = "SmtpPortal.Fallback.Password.v1";

    private readonly SecretProtector _secrets = SecretProtector.ForPurpose(protection, PasswordPurpose);

    public async Task<FallbackProvider?> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FallbackProviders.AsNoTracking().SingleOrDefaultAsync(ct);
    }

    public async Task<FallbackSave> SaveAsync(FallbackInput input, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.FallbackProviders.SingleOrDefaultAsync(ct);
        var main = await db.SmtpSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        var problems = Check(input, stored, main);
        if (problems.Count > 0)
            return new FallbackSave(null, problems);

        var now = time.GetUtcNow();
        var isNew = stored is null;
        if (stored is null)
            db.FallbackProviders.Add(stored = new FallbackProvider { CreatedAt = now });
        var destinationChanged = DestinationChanged(stored, input);
        stored.PresetId = input.PresetId;
        stored.Host = input.Host!.Trim();
        stored.Port = input.Port!.Value;
        stored.Security = input.Security;
        stored.Username = Trimmed(input.Username);
        stored.FromAddress = input.FromAddress!.Trim();
        stored.SwitchAfterMinutes = input.SwitchAfterMinutes!.Value;
        if (!string.IsNullOrEmpty(input.Password))
        {
            stored.ProtectedPassword = _secrets.Protect(input.Password);
            stored.PasswordSetAt = now;
        }
        else if (stored.Username is null || destinationChanged)
        {
            stored.ProtectedPassword = null;
            stored.PasswordSetAt = null;
        }
        stored.UpdatedAt = now;
        stored.Revision++;
        var server = $"{stored.Host}:{stored.Port}";
        var details = stored.Username is { } login
            ? AuditText.Of("NoteFallbackSaved", server, AuditText.Mode(stored.Security), login, stored.SwitchAfterMinutes.ToString(CultureInfo.InvariantCulture))
            : AuditText.Of("NoteFallbackSavedNoLogin", server, AuditText.Mode(stored.Security), stored.SwitchAfterMinutes.ToString(CultureInfo.InvariantCulture));
        db.AuditEntries.Add(AuditEntry.Of(isNew ? AuditAction.FallbackAdded : AuditAction.FallbackChanged, actor, now,
            string.IsNullOrEmpty(input.Password) ? details : AuditText.Of("NoteNewPassword", details)));
        await db.SaveChangesAsync(ct);
        return new FallbackSave(stored, problems);
    }

    /// <summary>Removes the fallback; while it carried the mail, the main provider takes it back.</summary>
    public async Task<bool> RemoveAsync(AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.FallbackProviders.SingleOrDefaultAsync(ct);
        if (stored is null)
            return false;
        db.FallbackProviders.Remove(stored);
        var server = $"{stored.Host}:{stored.Port}";
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.FallbackRemoved, actor, time.GetUtcNow(),
            stored.InUse ? AuditText.Of("NoteFallbackRemovedInUse", server) : server));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The rules, by field, in the reader's language: empty when the input can be saved.</summary>
    public Dictionary<string, string> Check(FallbackInput input, FallbackProvider? stored, Settings.SmtpSettings? main)
    {
        var problems = SmtpSettingsStore.FieldProblems(input.AsSettingsInput(),
            CredentialShapeCheck.Check(catalog.FindOrCustom(input.PresetId), input.Username, input.Password));
        if (input.SwitchAfterMinutes is not (>= 1 and <= FallbackInput.MaxSwitchAfterMinutes))
            problems[nameof(FallbackInput.SwitchAfterMinutes)] = L["SwitchAfterRange", FallbackInput.MaxSwitchAfterMinutes];
        if (problems.ContainsKey(nameof(FallbackInput.Host)) || problems.ContainsKey(nameof(FallbackInput.Username)))
            return problems;

        if (main is not null && string.Equals(main.Host, input.Host!.Trim(), StringComparison.OrdinalIgnoreCase) && main.Port == input.Port
            && string.Equals(main.Username ?? "", input.Username?.Trim() ?? "", StringComparison.OrdinalIgnoreCase))
            problems[nameof(FallbackInput.Host)] = L["SameAsMain"];
        // As for the main settings: a stored password only ever goes to the server and account it was given for.
        var needsPassword = !string.IsNullOrWhiteSpace(input.Username)
            && (stored?.ProtectedPassword is null || DestinationChanged(stored, input));
        if (needsPassword && string.IsNullOrEmpty(input.Password) && !problems.ContainsKey(nameof(FallbackInput.Password)))
            problems[nameof(FallbackInput.Password)] = stored?.ProtectedPassword is null ? L["PasswordRequired"] : L["PasswordAgain"];
        return problems;
    }

    /// <summary>Whether the stored password can still be decrypted (the key ring that made it is
    /// still here), for pages and `fallback show`; the password itself never leaves this method.</summary>
    public bool CanDecryptPassword(FallbackProvider stored) => DecryptPassword(stored) is not null || stored.ProtectedPassword is null;

    /// <summary>For <see cref="Smtp.SmtpConnections"/> only: null when the key ring that made it is gone.</summary>
    internal string? DecryptPassword(FallbackProvider stored) =>
        stored.ProtectedPassword is null ? null : _secrets.TryUnprotect(stored.ProtectedPassword);

    /// <summary>Records which provider carries the relay's mail (a null <paramref name="since"/>:
    /// the main one); false when there is no fallback (any more).</summary>
    internal async Task<bool> SetInUseAsync(DateTimeOffset? since, SendOutcome? reason, AuditEntry entry, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.FallbackProviders.SingleOrDefaultAsync(ct);
        if (stored is null)
            return false;
        stored.InUseSince = since;
        stored.SwitchReason = reason?.Summary;
        stored.SwitchCategory = reason?.Category;
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static bool DestinationChanged(FallbackProvider stored, FallbackInput input) =>
        SmtpSettingsStore.DestinationDiffers(stored.Host, stored.Port, stored.Security, stored.Username, input.AsSettingsInput());

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
