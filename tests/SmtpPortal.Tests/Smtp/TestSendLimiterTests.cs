using Microsoft.Extensions.Options;
using SmtpPortal.Security;
using SmtpPortal.Smtp;

namespace SmtpPortal.Tests.Smtp;

public sealed class TestSendLimiterTests
{
    [Fact]
    public void AnAdminMaySendOnlyTheConfiguredNumberOfTestsPerMinuteAndOthersAreNotHeldUp()
    {
        using var limiter = new TestSendLimiter(Options.Create(new AdminSecurityOptions { TestSendsPerMinute = 2 }));

        Assert.Null(limiter.TryStart("alice"));
        Assert.Null(limiter.TryStart("alice"));
        var refused = limiter.TryStart("alice");

        Assert.Equal("You have sent 2 test emails in the last minute. Wait a minute, then try again.", refused);
        Assert.Null(limiter.TryStart("bob"));
    }
}
