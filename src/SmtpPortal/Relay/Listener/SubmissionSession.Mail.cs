namespace SmtpPortal.Relay.Listener;

/// <summary>MAIL, RCPT and DATA: the rules that keep the relay from being an open relay or a
/// forger, and the durable hand-over to the queue before the 250.</summary>
internal sealed partial class SubmissionSession
{
    private async Task MailAsync(string argument)
    {
        if (!_greeted)
        {
            Junk("503 5.5.1 Send EHLO first");
            return;
        }
        if (_app is null)
        {
            Refuse(RelayRefusalKind.NoLogin, "MAIL without AUTH");
            Junk("530 5.7.0 Authentication required: log in with the app's relay user name and secret (SmtpPortal, Relay page)");
            return;
        }
        if (_transaction is not null)
        {
            Junk("503 5.5.1 A mail transaction is already open: send RSET first");
            return;
        }
        if (!TryParsePath(argument, "FROM:", out var address, out var parameters))
        {
            Junk("501 5.5.4 Syntax: MAIL FROM:<address> [SIZE=n] [BODY=8BITMIME]");
            return;
        }
        // Read again for every message: a revoked login or changed senders apply at once.
        var app = await _services.Apps.GetAsync(_app.Id, _stopping);
        if (app is not { IsActive: true })
        {
            Refuse(RelayRefusalKind.RevokedLogin, $"session of {_app.UserName} after revocation");
            _app = null;
            Junk("530 5.7.0 This relay login was revoked in SmtpPortal; the app must log in with a current one");
            return;
        }
        _app = app;
        var snapshot = _services.Runtime.Current;
        var declaredSize = 0L;
        foreach (var parameter in parameters)
        {
            var (name, value) = parameter.IndexOf('=') is var eq and > 0 ? (parameter[..eq].ToUpperInvariant(), parameter[(eq + 1)..]) : (parameter.ToUpperInvariant(), "");
            if (name == "SIZE" && long.TryParse(value, out var size) && size >= 0)
                declaredSize = size;
            else if (name is not ("BODY" or "AUTH") || (name == "BODY" && value.ToUpperInvariant() is not ("7BIT" or "8BITMIME")))
            {
                Junk($"555 5.5.4 Unsupported MAIL parameter {name}");
                return;
            }
        }
        if (EnvelopeAddress.Check(address) is { } why)
        {
            Refuse(RelayRefusalKind.BadAddress, $"MAIL FROM <{Printable(address)}>: {why}");
            Junk($"553 5.1.7 Sender address refused: {why}");
            return;
        }
        if (!app.Senders.Allows(address))
        {
            Refuse(RelayRefusalKind.SenderNotAllowed, $"MAIL FROM <{address}>");
            Junk($"550 5.7.1 App '{Printable(app.Name)}' may not send as {address}; its allowed senders are "
                + $"{string.Join(", ", app.Senders.Entries)} (change them on SmtpPortal's Relay page)");
            return;
        }
        if (declaredSize > snapshot.MaxMessageBytes)
        {
            Refuse(RelayRefusalKind.TooBig, $"declared {declaredSize} bytes");
            Junk($"552 5.3.4 Message too big: {declaredSize} bytes declared, this relay accepts at most {snapshot.MaxMessageBytes} bytes");
            return;
        }
        var perHour = _services.Options.MessagesPerHourPerApp;
        if (await _services.Queue.CountAcceptedSinceAsync(app.Id, _services.Time.GetUtcNow() - TimeSpan.FromHours(1), _stopping) >= perHour)
        {
            Refuse(RelayRefusalKind.HourlyLimit, $"{perHour} messages in the last hour");
            Junk($"451 4.7.1 App '{Printable(app.Name)}' has sent {perHour} messages in the last hour, its limit "
                + "(SmtpPortal:Relay:MessagesPerHourPerApp); try again later");
            return;
        }
        _transaction = new Transaction(address);
        Reply("250 2.1.0 Sender OK");
    }

    private void Recipient(string argument)
    {
        if (_transaction is null)
        {
            Junk("503 5.5.1 Send MAIL first");
            return;
        }
        if (!TryParsePath(argument, "TO:", out var address, out var parameters) || parameters.Count > 0)
        {
            Junk("501 5.5.4 Syntax: RCPT TO:<address>");
            return;
        }
        if (EnvelopeAddress.Check(address) is { } why)
        {
            Refuse(RelayRefusalKind.BadAddress, $"RCPT TO <{Printable(address)}>: {why}");
            Junk($"553 5.1.3 Recipient address refused: {why}");
            return;
        }
        var max = _services.Runtime.Current.MaxRecipients;
        if (_transaction.Recipients.Count >= max)
        {
            Refuse(RelayRefusalKind.TooManyRecipients, $"more than {max}");
            Junk($"452 4.5.3 Too many recipients: at most {max} per message; send the others in another message");
            return;
        }
        if (!_transaction.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase))
            _transaction.Recipients.Add(address);
        Reply("250 2.1.5 Recipient OK");
    }

    private async Task DataAsync(string argument)
    {
        if (_transaction is null || argument.Length > 0)
        {
            Junk(argument.Length > 0 ? "501 5.5.4 DATA takes no argument" : "503 5.5.1 Send MAIL first");
            return;
        }
        if (_transaction.Recipients.Count == 0)
        {
            Junk("554 5.5.1 No valid recipients");
            return;
        }
        var transaction = _transaction;
        _transaction = null;
        var app = _app!;
        var snapshot = _services.Runtime.Current;
        Reply("354 Send the message; end it with <CRLF>.<CRLF>");
        await FlushAsync();

        await using var body = new BodySpool(_services.Folder);
        ReceivedMessage received;
        using (var deadline = CommandDeadline("The message upload"))
        {
            try
            {
                received = await MessageReceiver.ReceiveAsync(_reader, body, snapshot.MaxMessageBytes,
                    transaction.From[(transaction.From.LastIndexOf('@') + 1)..], _services.Time, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.Expired)
            {
                body.Discard();
                throw deadline.Timeout();
            }
            catch
            {
                body.Discard();
                throw;
            }
        }
        if (Check(received, app, snapshot) is { } refusal)
        {
            body.Discard();
            Junk(refusal);
            return;
        }
        var message = new RelayMessage
        {
            AppId = app.Id,
            AppName = app.Name,
            ClientAddress = ClientText,
            EnvelopeFrom = transaction.From,
            Recipients = string.Join('\n', transaction.Recipients),
            RecipientCount = transaction.Recipients.Count,
            Subject = snapshot.RecordSubjects ? Truncate(received.Subject, 500) : null,
            SizeBytes = received.Size,
            MessageIdHeader = Truncate(received.MessageId, 300),
            BodyFile = body.FileName,
        };
        long id;
        try
        {
            // Not cancellable: once the row is committed the message is ours, and the reply must say so.
            id = await _services.Queue.AcceptAsync(message, received.InlineBody);
        }
        catch (Exception ex)
        {
            _services.Logger.LogError(ex, "The relay could not store a message from {App}; the app was told to try again.", app.Name);
            body.Discard();
            Refuse(RelayRefusalKind.NotStored, ex.GetType().Name);
            Reply("451 4.3.0 The message could not be stored (disk full or a database error); nothing was accepted, try again");
            return;
        }
        _services.Logger.LogInformation("Relay queued message {Id} from {App}: {From} to {Count} recipient(s), {Size} bytes",
            id, app.Name, message.EnvelopeFrom, message.RecipientCount, message.SizeBytes);
        Reply($"250 2.0.0 Queued as {id}");
    }

    /// <summary>The reply that refuses a received message, or null when it may be queued.</summary>
    private string? Check(ReceivedMessage received, RelayApp app, RelaySnapshot snapshot)
    {
        if (received.TooBig)
        {
            Refuse(RelayRefusalKind.TooBig, $"over {snapshot.MaxMessageBytes} bytes");
            return $"552 5.3.4 Message too big: this relay accepts at most {snapshot.MaxMessageBytes} bytes "
                + "(SmtpPortal:Relay:MaxMessageMegabytes, or the provider's own limit if lower)";
        }
        if (received.FromAddresses.Count == 0)
        {
            Refuse(RelayRefusalKind.HeaderFromNotAllowed, "no From: header");
            return "550 5.7.1 The message has no From: header; add one with an allowed sender of this app";
        }
        if (received.FromAddresses.FirstOrDefault(a => !app.Senders.Allows(a)) is { } forged)
        {
            Refuse(RelayRefusalKind.HeaderFromNotAllowed, $"From: {Printable(forged)}");
            return $"550 5.7.1 The From: header says {Printable(forged)}, which app '{Printable(app.Name)}' may not send as; its allowed "
                + $"senders are {string.Join(", ", app.Senders.Entries)} (change them on SmtpPortal's Relay page)";
        }
        return null;
    }

    /// <summary>Reads <c>FROM:&lt;address&gt; PARAM=VALUE…</c>; angle brackets may be left out, as
    /// many sendmail-style clients do.</summary>
    private static bool TryParsePath(string argument, string keyword, out string address, out List<string> parameters)
    {
        address = "";
        parameters = [];
        if (!argument.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
            return false;
        var rest = argument[keyword.Length..].TrimStart();
        if (rest.StartsWith('<'))
        {
            var close = rest.IndexOf('>');
            if (close < 0)
                return false;
            address = rest[1..close].Trim();
            rest = rest[(close + 1)..];
        }
        else
        {
            var space = rest.IndexOf(' ');
            address = space < 0 ? rest : rest[..space];
            rest = space < 0 ? "" : rest[space..];
            if (address.Length == 0)
                return false;
        }
        parameters = [.. rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        return true;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    /// <summary>The envelope of the message being composed.</summary>
    private sealed class Transaction(string from)
    {
        public string From { get; } = from;
        public List<string> Recipients { get; } = [];
    }
}
