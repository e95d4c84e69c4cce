using System.Net;

namespace SmtpPortal.Smtp;

/// <summary>Connects, secures the connection, logs in and says QUIT: proves a credential works
/// without sending a message. Kept small so a richer connection check can replace it.</summary>
public sealed class SmtpLoginCheck(ISmtpClientFactory clients, TimeProvider time)
{
    public async Task<SendOutcome> CheckAsync(SmtpConnection connection, TimeSpan deadline, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        using var deadlineSource = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadlineSource.Token);
        var tls = new TlsObservation();
        using var client = clients.Create(connection, tls);
        client.Timeout = (int)Math.Min(int.MaxValue, deadline.TotalMilliseconds);

        SendOutcome outcome;
        try
        {
            await client.ConnectAsync(connection.Host, connection.Port, TestEmailSender.ToMailKit(connection.Security), linked.Token);
            if (connection.Username is not null)
                await client.AuthenticateAsync(new NetworkCredential(connection.Username, connection.Password), linked.Token);
            await client.DisconnectAsync(quit: true, linked.Token);
            outcome = new SendOutcome(true, SmtpFailureCategory.None,
                connection.Username is null ? "Connected; this server needs no login." : $"The server accepted the login for {connection.Username}.");
        }
        catch (Exception ex)
        {
            var why = cancel.IsCancellationRequested ? StopReason.Cancelled
                : deadlineSource.IsCancellationRequested ? StopReason.Deadline
                : StopReason.None;
            outcome = SmtpFailureExplainer.Explain(ex, connection, tls, why, deadline);
        }
        return outcome with { Elapsed = time.GetElapsedTime(started) };
    }
}
