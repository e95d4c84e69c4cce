using System.Globalization;
using MimeKit;
using MimeKit.Utils;

namespace SmtpPortal.Relay.Listener;

/// <summary>What arrived between DATA and the final dot: the body file (fsync'd) and what the
/// relay must check in its header.</summary>
internal sealed record ReceivedMessage(
    byte[]? InlineBody, long Size, bool TooBig, IReadOnlyList<string> FromAddresses, string? Subject, string MessageId);

/// <summary>Streams a message from DATA into its <see cref="BodySpool"/>, un-stuffing dots and
/// counting its size, with only its header section held apart (for the From check). Adds a
/// Message-ID and a Date when the app sent none, as a submission server may (RFC 6409 §8).</summary>
internal static class MessageReceiver
{
    /// <summary>Headers beyond this are not read for the From check: the message is refused.</summary>
    public const int MaxHeaderBytes = 1024 * 1024;

    private static readonly ReadOnlyMemory<byte> EndOfData = ".\r\n"u8.ToArray();

    /// <summary>Reads up to the final dot and makes the body durable. Throws <see cref="IOException"/>
    /// when the client goes away first; the caller discards the spool then.</summary>
    public static async Task<ReceivedMessage> ReceiveAsync(
        SmtpLineReader reader, BodySpool file, long maxBytes, string senderDomain, TimeProvider time, CancellationToken ct)
    {
        using var header = new MemoryStream();
        var inHeader = true;
        var atLineStart = true;
        var previousEndedWithCrlf = true;
        var size = 0L;
        var tooBig = false;
        IReadOnlyList<string> from = [];
        string? subject = null;
        var messageId = "";
        while (true)
        {
            var segment = await reader.ReadSegmentAsync(ct);
            if (segment.IsEmpty)
                throw new IOException("The client closed the connection before the end of the message.");
            if (atLineStart && previousEndedWithCrlf && segment.Span.SequenceEqual(EndOfData.Span))
                break;
            var data = atLineStart && segment.Span[0] == (byte)'.' ? segment[1..] : segment;
            var span = segment.Span;
            atLineStart = span[^1] == (byte)'\n';
            previousEndedWithCrlf = span.Length >= 2 && span[^2] == (byte)'\r' && atLineStart;
            size += data.Length;
            tooBig |= size > maxBytes;
            if (tooBig)
                continue;
            if (!inHeader)
            {
                await file.WriteAsync(data, ct);
                continue;
            }
            var blankLine = data.Span is [(byte)'\r', (byte)'\n'] or [(byte)'\n'];
            if (!blankLine)
            {
                header.Write(data.Span);
                tooBig |= header.Length > MaxHeaderBytes;
                continue;
            }
            (from, subject, messageId) = await WriteHeaderAsync(header, file, senderDomain, time, ct);
            await file.WriteAsync(data, ct);
            inHeader = false;
        }
        if (inHeader && !tooBig)
            (from, subject, messageId) = await WriteHeaderAsync(header, file, senderDomain, time, ct);
        var inline = tooBig ? null : await file.CompleteAsync(ct);
        return new ReceivedMessage(inline, size, tooBig, from, subject, messageId);
    }

    private static async Task<(IReadOnlyList<string> From, string? Subject, string MessageId)> WriteHeaderAsync(
        MemoryStream header, BodySpool file, string senderDomain, TimeProvider time, CancellationToken ct)
    {
        header.Position = 0;
        var headers = HeaderList.Load(ParserOptions.Default, header, ct);
        var from = Mailboxes(headers, HeaderId.From).Concat(Mailboxes(headers, HeaderId.Sender)).ToList();
        var messageId = headers[HeaderId.MessageId]?.Trim();
        var added = new List<string>();
        if (string.IsNullOrEmpty(messageId))
        {
            messageId = $"<{Guid.NewGuid():n}@{senderDomain}>";
            added.Add($"Message-ID: {messageId}\r\n");
        }
        if (!headers.Contains(HeaderId.Date))
            added.Add($"Date: {DateUtils.FormatDate(time.GetUtcNow())}\r\n");
        foreach (var line in added)
            await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(line), ct);
        await file.WriteAsync(header.GetBuffer().AsMemory(0, (int)header.Length), ct);
        var subject = headers[HeaderId.Subject];
        return (from, subject is null ? null : subject.Trim(), messageId);
    }

    /// <summary>Every mailbox of a header (groups flattened); an unreadable header yields a
    /// placeholder that no sender list allows, so it is refused rather than skipped.</summary>
    private static IEnumerable<string> Mailboxes(HeaderList headers, HeaderId id)
    {
        foreach (var header in headers.Where(h => h.Id == id))
        {
            if (!InternetAddressList.TryParse(ParserOptions.Default, header.RawValue, out var list))
            {
                yield return $"(unreadable {header.Field} header)";
                continue;
            }
            foreach (var mailbox in list.Mailboxes)
                yield return mailbox.Address;
        }
    }

    internal static string Describe(long bytes) =>
        bytes >= 1024 * 1024 ? (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
            : (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KB";
}
