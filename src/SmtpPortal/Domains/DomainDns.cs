using System.Net;
using DnsClient;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Domains;

/// <summary>The portal's only door to the DNS (DnsClient lives here only). Every lookup ends
/// within the configured deadline and never throws for a DNS problem: an unanswered or failed
/// lookup is a <see cref="DnsOutcome.Failed"/> answer with the reason.</summary>
public sealed class DomainDns
{
    private readonly DnsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DomainDns> _logger;
    private readonly Lazy<LookupClient?> _client;

    public DomainDns(IOptions<DnsOptions> options, TimeProvider time, ILogger<DomainDns> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _client = new Lazy<LookupClient?>(CreateClient);
    }

    public bool Enabled => _options.Enabled;

    public async Task<DnsAnswer<MxHost>> MxAsync(string domain, CancellationToken ct)
    {
        var answer = await QueryAsync(domain, QueryType.MX, ct);
        return answer.Outcome != DnsOutcome.Found
            ? new DnsAnswer<MxHost>(answer.Outcome, [], answer.Problem)
            : Found(answer.Records.MxRecords()
                .Select(mx => new MxHost(mx.Exchange.Value.TrimEnd('.').ToLowerInvariant(), mx.Preference))
                .OrderBy(mx => mx.Preference).ToList());
    }

    /// <summary>The TXT records of a name, each one's strings joined as RFC 7208 §3.3 says.</summary>
    public async Task<DnsAnswer<string>> TxtAsync(string name, CancellationToken ct)
    {
        var answer = await QueryAsync(name, QueryType.TXT, ct);
        return answer.Outcome != DnsOutcome.Found
            ? new DnsAnswer<string>(answer.Outcome, [], answer.Problem)
            : Found(answer.Records.TxtRecords().Select(txt => string.Concat(txt.Text)).ToList());
    }

    private static DnsAnswer<T> Found<T>(IReadOnlyList<T> records) =>
        records.Count == 0 ? DnsAnswer<T>.None() : new DnsAnswer<T>(DnsOutcome.Found, records);

    private async Task<DnsAnswer<DnsClient.Protocol.DnsResourceRecord>> QueryAsync(string name, QueryType type, CancellationToken ct)
    {
        if (!_options.Enabled)
            return DnsAnswer<DnsClient.Protocol.DnsResourceRecord>.Failed("DNS lookups are turned off (SmtpPortal:Dns:Enabled).");
        var client = _client.Value;
        if (client is null)
            return DnsAnswer<DnsClient.Protocol.DnsResourceRecord>.Failed("this server has no DNS resolver configured.");
        try
        {
            // DnsClient has its own timeout, but the deadline that counts is this one: it also
            // covers a TCP fallback and a resolver that accepts and never answers.
            var response = await client.QueryAsync(name, type, QueryClass.IN, ct).WaitAsync(_options.Timeout, _time, ct);
            if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
                return DnsAnswer<DnsClient.Protocol.DnsResourceRecord>.None();
            if (response.HasError)
                return DnsAnswer<DnsClient.Protocol.DnsResourceRecord>.Failed($"the resolver answered {response.ErrorMessage}.");
            return Found<DnsClient.Protocol.DnsResourceRecord>([.. response.Answers]);
        }
        catch (TimeoutException)
        {
            return DnsAnswer<DnsClient.Protocol.DnsResourceRecord>.Failed($"no answer within {_options.TimeoutMilliseconds} ms.");
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            // A resolver that refuses the connection or a network that is down: no answer, not a crash.
            _logger.LogInformation("DNS lookup of {Type} {Name} failed: {Reason}", type, name, ex.Message);
            return DnsAnswer<DnsClient.Protocol.DnsResourceRecord>.Failed($"the lookup failed ({ex.Message}).");
        }
        catch (DnsResponseException ex)
        {
            _logger.LogInformation("DNS lookup of {Type} {Name} failed: {Reason}", type, name, ex.Message);
            return DnsAnswer<DnsClient.Protocol.DnsResourceRecord>.Failed(ex.Code == DnsResponseCode.ConnectionTimeout
                ? $"no answer within {_options.TimeoutMilliseconds} ms."
                : $"the lookup failed ({ex.Message}).");
        }
    }

    private LookupClient? CreateClient()
    {
        var timeout = _options.Timeout;
        LookupClientOptions options;
        if (!string.IsNullOrWhiteSpace(_options.Server))
        {
            options = new LookupClientOptions(new NameServer(IPAddress.Parse(_options.Server.Trim()), _options.Port));
        }
        else
        {
            try
            {
                options = new LookupClientOptions(); // the server's own resolvers
            }
            catch (Exception ex) when (ex is InvalidOperationException or DnsResponseException or IOException)
            {
                _logger.LogWarning("No DNS resolver found ({Reason}): SmtpPortal will not look up domains.", ex.Message);
                return null;
            }
        }
        options.Timeout = timeout;
        options.Retries = 0;
        options.UseCache = true;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.UseTcpFallback = true;
        try
        {
            return new LookupClient(options);
        }
        catch (InvalidOperationException ex)
        {
            _logger.LogWarning("No DNS resolver found ({Reason}): SmtpPortal will not look up domains.", ex.Message);
            return null;
        }
    }
}
