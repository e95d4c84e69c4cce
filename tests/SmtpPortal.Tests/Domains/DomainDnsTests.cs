using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Domains;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Domains;

/// <summary>The portal's DNS door against a DNS server of the tests on 127.0.0.1.</summary>
public sealed class DomainDnsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MxRecordsComeBackInPreferenceOrderWithoutTheTrailingDot()
    {
        await using var server = TestDnsServer.Start().Mx("example.com", "ASPMX.L.GOOGLE.COM.", "alt1.aspmx.l.google.com");

        var answer = await server.Client().MxAsync("example.com", Ct);

        Assert.Equal(DnsOutcome.Found, answer.Outcome);
        Assert.Equal(["aspmx.l.google.com", "alt1.aspmx.l.google.com"], answer.Records.Select(r => r.Host));
    }

    [Fact]
    public async Task ALongTxtRecordIsJoinedFromItsStrings()
    {
        var key = "v=DKIM1; k=rsa; p=" + new string('A', 400);
        await using var server = TestDnsServer.Start().Txt("google._domainkey.example.com", key);

        var answer = await server.Client().TxtAsync("google._domainkey.example.com", Ct);

        Assert.Equal(key, Assert.Single(answer.Records));
    }

    [Fact]
    public async Task ANameThatDoesNotExistIsNoneNotAFailure()
    {
        await using var server = TestDnsServer.Start().Mx("example.com", "mx.example.com");

        var answer = await server.Client().MxAsync("nosuchdomain.example", Ct);

        Assert.Equal(DnsOutcome.None, answer.Outcome);
        Assert.Empty(answer.Records);
    }

    [Fact]
    public async Task AServerThatNeverAnswersEndsAtTheDeadlineWithAPlainReason()
    {
        await using var server = TestDnsServer.Start(silent: true);
        var time = new FakeTimeProvider();
        var dns = server.Client(time, timeoutMilliseconds: 2000);

        var lookup = dns.MxAsync("example.com", Ct);
        await server.FirstQuery.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        time.Advance(TimeSpan.FromSeconds(2));
        var answer = await lookup.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(DnsOutcome.Failed, answer.Outcome);
        Assert.Equal("no answer within 2000 ms.", answer.Problem);
    }

    [Fact]
    public async Task TurnedOffItAsksNobody()
    {
        await using var server = TestDnsServer.Start().Mx("example.com", "mx.example.com");
        var dns = new DomainDns(Options.Create(new DnsOptions { Enabled = false, Server = "127.0.0.1", Port = server.Port }),
            TimeProvider.System, NullLogger<DomainDns>.Instance);

        var answer = await dns.MxAsync("example.com", Ct);

        Assert.Equal(DnsOutcome.Failed, answer.Outcome);
        Assert.Contains("turned off", answer.Problem);
        Assert.Equal(0, server.Queries);
    }
}
