using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using SmtpPortal.Providers;

namespace SmtpPortal.Smtp.Diagnostics;

public enum PortState
{
    /// <summary>Plain SMTP banner; STARTTLS offered.</summary>
    StartTls,

    /// <summary>Plain SMTP banner, but no STARTTLS: only usable without encryption.</summary>
    PlainOnly,

    /// <summary>Banner only after a TLS handshake: implicit TLS.</summary>
    ImplicitTls,

    /// <summary>Accepts the connection, says nothing, even over TLS.</summary>
    Silent,
    Closed,
    Filtered,
    Unresolved,
}

public sealed record PortProbeResult(int Port, PortState State, string? Banner, TimeSpan Elapsed);

/// <summary>Every port's result and the port and mode to use, if any; <see cref="PortProbeText"/> words it.</summary>
public sealed record PortProbeReport(string Host, IReadOnlyList<PortProbeResult> Ports, int? Port, SecurityMode? Security);

/// <summary>Tries the usual SMTP ports of a host in parallel from this server, to show which ones
/// the network lets through and which security mode each speaks. Sends no credentials.</summary>
public sealed class PortProbe(TimeProvider time)
{
    public static readonly IReadOnlyList<int> StandardPorts = [25, 465, 587, 2525];

    /// <summary>The ports asked for, then the preset's own (994 for 163, 2587 and 2465 for SES, 80
    /// for Aliyun DirectMail), each once: all of them are tried at the same time.</summary>
    public static IReadOnlyList<int> PortsFor(ProviderPreset preset, IReadOnlyList<int> ports) =>
        [.. ports.Concat(preset.Ports.Select(p => p.Port).Order()).Distinct()];

    public async Task<PortProbeReport> ProbeAsync(
        string host, IReadOnlyList<int> ports, TimeSpan perPort, ProviderPreset preset, CancellationToken cancel)
    {
        ports = PortsFor(preset, ports);
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancel).WaitAsync(perPort, time, cancel);
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return new(host, [.. ports.Select(p => new PortProbeResult(p, PortState.Unresolved, null, TimeSpan.Zero))], null, null);
        }
        var results = await Task.WhenAll(ports.Select(p => ProbePortAsync(addresses, p, perPort, cancel)));
        return Recommend(host, results, preset);
    }

    private async Task<PortProbeResult> ProbePortAsync(IPAddress[] addresses, int port, TimeSpan perPort, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(perPort, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancel);
        PortState state;
        string? banner = null;
        try
        {
            (state, banner) = await PlainAsync(addresses, port, perPort / 2, linked.Token);
            if (state == PortState.Silent)
                (state, banner) = await ImplicitTlsOrSilentAsync(addresses, port, linked.Token, cancel);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            state = PortState.Closed;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException && !cancel.IsCancellationRequested)
        {
            state = PortState.Filtered;
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            state = PortState.Silent;
        }
        return new(port, state, banner, time.GetElapsedTime(started));
    }

    /// <summary>Connects, waits for the banner for half the port's time (an implicit-TLS port stays
    /// silent), then asks EHLO whether STARTTLS is offered.</summary>
    private static async Task<(PortState, string?)> PlainAsync(
        IPAddress[] addresses, int port, TimeSpan bannerTimeout, CancellationToken token)
    {
        using var client = await ConnectAsync(addresses, port, token);
        using var stream = client.GetStream();
        using var bannerWait = CancellationTokenSource.CreateLinkedTokenSource(token);
        bannerWait.CancelAfter(bannerTimeout);
        string? banner;
        try
        {
            banner = await ReadReplyAsync(stream, bannerWait.Token);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return (PortState.Silent, null);
        }
        if (banner is null)
            return (PortState.Silent, null);
        await stream.WriteAsync("EHLO smtpportal.probe\r\nQUIT\r\n"u8.ToArray(), token);
        var ehlo = await ReadReplyAsync(stream, token) ?? "";
        return (ehlo.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) ? PortState.StartTls : PortState.PlainOnly, banner);
    }

    /// <summary>The port took the connection but sent no banner: it either expects TLS first or
    /// is silent; it is not filtered, whatever happens now.</summary>
    private static async Task<(PortState, string?)> ImplicitTlsOrSilentAsync(
        IPAddress[] addresses, int port, CancellationToken token, CancellationToken cancel)
    {
        try
        {
            return await ImplicitTlsAsync(addresses, port, token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException
            or System.Security.Authentication.AuthenticationException && !cancel.IsCancellationRequested)
        {
            return (PortState.Silent, null);
        }
    }

    private static async Task<(PortState, string?)> ImplicitTlsAsync(IPAddress[] addresses, int port, CancellationToken token)
    {
        using var client = await ConnectAsync(addresses, port, token);
        // Only to learn whether the port speaks TLS: nothing but QUIT is sent over it, so the
        // certificate is not judged here (the real test send does that, pin or no pin).
        await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "probe" }, token);
        var banner = await ReadReplyAsync(ssl, token);
        if (banner is null)
            return (PortState.Silent, null);
        await ssl.WriteAsync("QUIT\r\n"u8.ToArray(), token);
        return (PortState.ImplicitTls, banner);
    }

    private static async Task<TcpClient> ConnectAsync(IPAddress[] addresses, int port, CancellationToken token)
    {
        var client = new TcpClient(addresses[0].AddressFamily);
        try
        {
            await client.ConnectAsync(addresses, port, token);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Reads one (possibly multi-line) SMTP reply, at most a few KB.</summary>
    private static async Task<string?> ReadReplyAsync(Stream stream, CancellationToken token)
    {
        var text = new StringBuilder();
        var buffer = new byte[1024];
        while (text.Length < 4096)
        {
            var read = await stream.ReadAsync(buffer, token);
            if (read == 0)
                return text.Length == 0 ? null : text.ToString().Trim();
            text.Append(SmtpTranscript.Decode(buffer[..read]));
            var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            if (text.ToString().EndsWith('\n') && lines.Length > 0 && lines[^1].Length >= 4 && lines[^1][3] == ' ')
                return text.ToString().Trim();
        }
        return text.ToString().Trim();
    }

    private static PortProbeReport Recommend(string host, IReadOnlyList<PortProbeResult> results, ProviderPreset preset)
    {
        var usable = results.Where(r => r.State is PortState.StartTls or PortState.ImplicitTls).ToList();
        var best = usable.FirstOrDefault(r => r.Port == preset.RecommendedPort)
            ?? usable.OrderBy(r => r.Port switch { 587 => 0, 465 => 1, 2525 => 2, _ => 3 }).FirstOrDefault();
        if (best is null)
            return new(host, results, null, null);
        return new(host, results, best.Port, best.State == PortState.ImplicitTls ? SecurityMode.SslOnConnect : SecurityMode.StartTls);
    }
}
