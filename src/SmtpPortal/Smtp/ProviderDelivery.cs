using Microsoft.Extensions.Options;
using MimeKit;
using SmtpPortal.Fallback;
using SmtpPortal.Hosting;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>
/// The relay's one way to the configured provider: the connection comes from the one sending seam
/// (<see cref="SmtpConnections"/>: XOAUTH2 or the stored password), the conversation from
/// <see cref="SmtpSender"/>, and every failure gets the same diagnosis as a test email's, worded in
/// English for the send log. A session keeps its connection open for the next message.
/// </summary>
public sealed class ProviderDelivery(
    SmtpConnections connections, SmtpSender sender, DiagnosisText texts, IOptions<SmtpPortalOptions> options)
{
    private int _open;

    /// <summary>Sessions opened and not yet disposed.</summary>
    public int OpenSessions => Volatile.Read(ref _open);

    /// <summary>Connects and logs in to the main provider or the fallback, within the send
    /// timeout; or says why not.</summary>
    public async Task<(ProviderSession? Session, SendOutcome? Problem)> OpenAsync(ProviderRoute route, CancellationToken cancel)
    {
        var (_, connection, problem) = route == ProviderRoute.Fallback
            ? await connections.ForFallbackAsync(cancel)
            : await connections.ForStoredSettingsAsync(cancel);
        if (problem is not null)
            return (null, Worded(new SendOutcome(problem)));
        var (session, outcome) = await sender.OpenAsync(connection!, options.Value.SendTimeout, cancel);
        if (session is null)
            return (null, Worded(outcome));
        Interlocked.Increment(ref _open);
        return (new ProviderSession(session, route, Worded, () => Interlocked.Decrement(ref _open)), null);
    }

    /// <summary>Connect and log in to the main provider, then leave ("Check connection", unrecorded):
    /// how the relay learns, while on the fallback, that the main provider works again.</summary>
    public async Task<SendOutcome> CheckMainAsync(CancellationToken cancel)
    {
        var (_, connection, problem) = await connections.ForStoredSettingsAsync(cancel);
        if (problem is not null)
            return Worded(new SendOutcome(problem));
        return Worded(await sender.CheckAsync(connection!, options.Value.SendTimeout, null, cancel));
    }

    /// <summary>Whether a failure is final for the message: the provider refused it (5xx) at MAIL,
    /// RCPT or after DATA. Everything else — a 4xx, a network fault, a timeout, a refused login, a
    /// missing sign-in — may pass and is retried (a wrong password is fixed by the admin, and the
    /// message goes out at the next attempt).</summary>
    public static bool IsPermanent(SendOutcome outcome) =>
        outcome.Category is SmtpFailureCategory.SenderRejected or SmtpFailureCategory.RecipientRejected or SmtpFailureCategory.MessageRejected
        && outcome.ReplyCode is >= 500 and < 600;

    /// <summary>Whether the provider turned a new connection away (refused it, closed it, gave no
    /// or a temporary greeting, refused the login or never answered): with other connections of the
    /// same account working, that is its limit on connections. Not the portal's own problems before
    /// any connection (no settings, an unreadable password, no OAuth token) nor a setting that
    /// cannot work (DNS, TLS, certificate).</summary>
    public static bool TurnedAway(SendOutcome outcome) =>
        outcome.Category is SmtpFailureCategory.ConnectionRefused or SmtpFailureCategory.ConnectionLost
            or SmtpFailureCategory.NoGreeting or SmtpFailureCategory.GreetingIncomplete or SmtpFailureCategory.Temporary
            or SmtpFailureCategory.Timeout or SmtpFailureCategory.AuthenticationFailed;

    private SendOutcome Worded(SendOutcome outcome) =>
        outcome with { Summary = EnglishText.Render(() => texts.Summary(outcome.Diagnosis)) };
}

/// <summary>An open, logged-in connection to the provider.</summary>
public sealed class ProviderSession(SmtpSession session, ProviderRoute route, Func<SendOutcome, SendOutcome> worded, Action closed) : IDisposable
{
    private int _disposed;

    /// <summary>Which provider this connection goes to.</summary>
    public ProviderRoute Route => route;

    /// <summary>False once the connection failed: open a new session for the next message.</summary>
    public bool IsUsable => session.IsUsable;

    /// <summary>Sends one message as it is stored, with the envelope the app gave.</summary>
    public async Task<SendOutcome> SendAsync(Stream body, string from, IReadOnlyList<string> recipients)
    {
        var content = await MimeMessage.LoadAsync(body);
        return worded(await session.SendAsync(new OutgoingMessage(from, recipients, content)));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        session.Dispose();
        closed();
    }
}
