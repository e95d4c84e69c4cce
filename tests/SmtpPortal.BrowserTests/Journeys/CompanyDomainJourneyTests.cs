using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>A company domain on Google Workspace, in Chromium, with a DNS server of the test on
/// 127.0.0.1: the provider is recognised from the MX records and the settings page shows what the
/// domain's SPF, DKIM and DMARC records mean for it.</summary>
public sealed class CompanyDomainJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task AWorkspaceDomainIsRecognisedFromItsMxAndItsMissingRecordsAreNamed()
    {
        await using var dns = TestDnsServer.Start()
            .Mx("company.example", "smtp.google.com")
            .Txt("company.example", "v=spf1 mx ~all")
            .Txt("_dmarc.company.example", "v=DMARC1; p=reject");
        await using var session = await SignedInSession.StartAsync(browser.Browser, settings: dns.Configuration);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);

        await settings.EmailAddress.FillAsync("ops@company.example");
        await settings.EmailAddress.PressAsync("Tab");

        await Assertions.Expect(settings.DetectionReason).ToContainTextAsync("The domain's mail is handled by smtp.google.com (its MX record)");
        await Assertions.Expect(settings.Host).ToHaveValueAsync("smtp.gmail.com");
        await Assertions.Expect(settings.Username).ToHaveValueAsync("ops@company.example");
        await Assertions.Expect(settings.Notes.Locator("h2")).ToHaveTextAsync("Google Workspace (company domain)");

        await session.Page.Locator("#check-from-domain").ClickAsync();

        var spf = session.Page.Locator("#from-domain-spf");
        await Assertions.Expect(spf).ToContainTextAsync("The SPF record does not authorize Google Workspace (company domain)");
        await Assertions.Expect(spf).ToContainTextAsync("company.example  TXT  \"v=spf1 mx include:_spf.google.com ~all\"");
        await Assertions.Expect(session.Page.Locator("#from-domain-dkim")).ToContainTextAsync("No DKIM key at google._domainkey.company.example");
        await Assertions.Expect(session.Page.Locator("#from-domain-dmarc")).ToContainTextAsync("receivers will refuse mail sent through Google Workspace (company domain)");
    }
}
