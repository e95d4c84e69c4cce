using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmtpPortal.Domains;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>A real DNS server on 127.0.0.1 (UDP, a free port) that answers MX, TXT and CNAME from
/// the zone a test gives it: a name it does not hold is NXDOMAIN, a held name without the type
/// asked for is an empty answer. <see cref="Silent"/> makes it swallow every query.</summary>
public sealed class TestDnsServer : IAsyncDisposable
{
    private const ushort TypeCname = 5, TypeMx = 15, TypeTxt = 16;

    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Dictionary<string, List<(ushort Type, byte[] Data)>> _zone = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TaskCompletionSource _queried = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _queries;

    private TestDnsServer(bool silent)
    {
        Silent = silent;
        _loop = Task.Run(ServeAsync);
    }

    public static TestDnsServer Start(bool silent = false) => new(silent);

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    public bool Silent { get; }

    /// <summary>How many queries arrived (also those left unanswered).</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>Completes when the first query arrives: a test of a silent server knows the lookup is waiting.</summary>
    public Task FirstQuery => _queried.Task;

    public TestDnsServer Mx(string domain, params string[] hosts)
    {
        for (var i = 0; i < hosts.Length; i++)
        {
            var data = new List<byte> { 0, (byte)(10 * (i + 1)) };
            data.AddRange(Name(hosts[i]));
            Add(domain, TypeMx, [.. data]);
        }
        return this;
    }

    /// <summary>One TXT record; a text over 255 bytes is split into strings, as zone files do.</summary>
    public TestDnsServer Txt(string name, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var data = new List<byte>();
        for (var at = 0; at < bytes.Length || at == 0; at += 255)
        {
            var chunk = bytes.AsSpan(at, Math.Min(255, bytes.Length - at));
            data.Add((byte)chunk.Length);
            data.AddRange(chunk.ToArray());
            if (bytes.Length == 0)
                break;
        }
        Add(name, TypeTxt, [.. data]);
        return this;
    }

    public TestDnsServer Cname(string name, string target)
    {
        Add(name, TypeCname, Name(target));
        return this;
    }

    /// <summary>The portal's DNS door pointed at this server.</summary>
    public DomainDns Client(TimeProvider? time = null, int timeoutMilliseconds = 2000) => new(
        Options.Create(new DnsOptions { Server = "127.0.0.1", Port = Port, TimeoutMilliseconds = timeoutMilliseconds }),
        time ?? TimeProvider.System, NullLogger<DomainDns>.Instance);

    /// <summary>Configuration keys that point the portal (or the CLI) at this server.</summary>
    public Dictionary<string, string?> Configuration => new()
    {
        ["SmtpPortal:Dns:Server"] = "127.0.0.1",
        ["SmtpPortal:Dns:Port"] = Port.ToString(),
    };

    private void Add(string name, ushort type, byte[] data)
    {
        name = name.TrimEnd('.');
        if (!_zone.TryGetValue(name, out var records))
            _zone[name] = records = [];
        records.Add((type, data));
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            Interlocked.Increment(ref _queries);
            _queried.TrySetResult();
            if (Silent)
                continue;
            var response = Answer(request.Buffer);
            if (response is not null)
                await _udp.SendAsync(response, request.RemoteEndPoint, _stop.Token);
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 12)
            return null;
        var (name, end) = ReadName(query, 12);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(end));
        var question = query[12..(end + 4)];
        var answers = new List<byte[]>();
        var exists = _zone.TryGetValue(name, out var records);
        // A CNAME answers for every type: the alias, then the target's records of that type.
        var alias = exists && type != TypeCname ? records!.Where(r => r.Type == TypeCname).Select(r => r.Data).FirstOrDefault() : null;
        if (alias is not null)
        {
            answers.Add(Record(Pointer, TypeCname, alias));
            var target = ReadName(alias, 0).Name;
            foreach (var record in _zone.GetValueOrDefault(target) ?? [])
            {
                if (record.Type == type)
                    answers.Add(Record(Name(target), type, record.Data));
            }
        }
        else if (exists)
        {
            answers.AddRange(records!.Where(r => r.Type == type).Select(r => Record(Pointer, type, r.Data)));
        }
        var header = new byte[12];
        query.AsSpan(0, 2).CopyTo(header);
        var flags = (ushort)(0x8000 | 0x0400 | (query[2] & 0x01) << 8 | 0x0080 | (exists ? 0 : 3)); // QR, AA, RD copied, RA, NXDOMAIN
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), flags);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)answers.Count);
        return [.. header, .. question, .. answers.SelectMany(a => a)];
    }

    private static readonly byte[] Pointer = [0xC0, 12];

    private static byte[] Record(byte[] owner, ushort type, byte[] data)
    {
        var fixedPart = new byte[10];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, type);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart.AsSpan(2), 1); // IN
        BinaryPrimitives.WriteUInt32BigEndian(fixedPart.AsSpan(4), 60);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart.AsSpan(8), (ushort)data.Length);
        return [.. owner, .. fixedPart, .. data];
    }

    private static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>An uncompressed name (queries and this server's own data never compress).</summary>
    private static (string Name, int End) ReadName(byte[] data, int at)
    {
        var labels = new List<string>();
        while (at < data.Length && data[at] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(data, at + 1, data[at]));
            at += data[at] + 1;
        }
        return (string.Join('.', labels), at + 1);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
