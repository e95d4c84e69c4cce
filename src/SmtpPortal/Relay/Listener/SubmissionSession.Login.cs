using System.Text;

namespace SmtpPortal.Relay.Listener;

/// <summary>AUTH PLAIN and AUTH LOGIN against the apps' relay logins.</summary>
internal sealed partial class SubmissionSession
{
    private async Task AuthenticateAsync(string argument)
    {
        if (_app is not null)
        {
            Junk("503 5.5.1 Already logged in");
            return;
        }
        if (!_greeted || _transaction is not null)
        {
            Junk(_greeted ? "503 5.5.1 AUTH is not allowed during a mail transaction" : "503 5.5.1 Send EHLO first");
            return;
        }
        // Decided before any credentials are read or decoded: they must not cross the network in clear.
        if (!MayLogIn)
        {
            Refuse(RelayRefusalKind.EncryptionRequired, "AUTH before STARTTLS");
            Junk($"538 5.7.11 Encryption required: use STARTTLS before logging in (plain-text logins are accepted only from this "
                + "server itself and the networks in SmtpPortal:Relay:PlainAuthNetworks)");
            return;
        }
        if (_services.Throttle.LockedUntil(_client) is { } lockedUntil)
        {
            Refuse(RelayRefusalKind.LockedOut, $"locked until {lockedUntil:u}");
            Junk($"454 4.7.0 Too many failed logins from {ClientText}; try again after {lockedUntil.UtcDateTime:HH:mm} UTC");
            return;
        }
        var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : "";
        var initial = parts.Length > 1 ? parts[1].Trim() : null;
        if (mechanism is not ("PLAIN" or "LOGIN"))
        {
            Junk("504 5.5.4 Use AUTH PLAIN or AUTH LOGIN");
            return;
        }
        using var deadline = CommandDeadline("The login");
        (string User, string Secret)? credentials;
        try
        {
            credentials = mechanism == "PLAIN"
                ? await ReadPlainAsync(initial, deadline.Token)
                : await ReadLoginAsync(initial, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            throw deadline.Timeout();
        }
        if (credentials is not { } login)
            return;
        var (app, refusal) = await _services.Apps.AuthenticateAsync(login.User, login.Secret, _stopping);
        if (app is null)
        {
            var locked = _services.Throttle.Failed(_client);
            Refuse(refusal ?? RelayRefusalKind.WrongLogin, $"user name {Printable(login.User)}");
            Junk(refusal == RelayRefusalKind.RevokedLogin
                ? $"535 5.7.8 The relay login {Printable(login.User)} was revoked in SmtpPortal: create a new login for this app on the Relay page"
                : "535 5.7.8 Authentication failed: unknown relay user name or wrong secret (see the app's login on SmtpPortal's Relay page)"
                    + (locked is { } until ? $"; this address is now locked until {until.UtcDateTime:HH:mm} UTC" : ""));
            return;
        }
        _services.Throttle.Succeeded(_client);
        _app = app;
        Reply($"235 2.7.0 Logged in as {app.UserName} ({Printable(app.Name)})");
    }

    /// <summary>RFC 4616: base64 of "authzid NUL user NUL secret"; an authorization identity,
    /// if given, must be the user itself.</summary>
    private async Task<(string, string)?> ReadPlainAsync(string? initial, CancellationToken token)
    {
        if (initial is null)
        {
            Reply("334 ");
            initial = await ReadContinuationAsync(token);
        }
        if (Decode(initial) is not { } decoded)
            return null;
        var fields = decoded.Split('\0');
        if (fields.Length != 3 || (fields[0].Length > 0 && fields[0] != fields[1]))
        {
            Junk("501 5.5.2 AUTH PLAIN expects base64 of \"\\0user name\\0secret\"");
            return null;
        }
        return (fields[1], fields[2]);
    }

    private async Task<(string, string)?> ReadLoginAsync(string? initial, CancellationToken token)
    {
        if (initial is null)
        {
            Reply("334 VXNlcm5hbWU6");
            initial = await ReadContinuationAsync(token);
        }
        if (Decode(initial) is not { } user)
            return null;
        Reply("334 UGFzc3dvcmQ6");
        if (Decode(await ReadContinuationAsync(token)) is not { } secret)
            return null;
        return (user, secret);
    }

    /// <summary>The decoded answer, or null after replying why there is none ("*" cancels, RFC 4954).</summary>
    private string? Decode(string? base64)
    {
        if (base64 is null or "*")
        {
            Junk("501 5.7.0 Login cancelled");
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            Junk("501 5.5.2 The login answer is not valid base64");
            return null;
        }
    }

    /// <summary>A client-supplied name as it may appear in a reply or the refusal list: printable
    /// ASCII, bounded.</summary>
    private static string Printable(string value)
    {
        var clean = new string([.. value.Take(64).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        return value.Length > 64 ? clean + "..." : clean;
    }
}
