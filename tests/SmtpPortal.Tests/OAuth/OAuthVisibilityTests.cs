using SmtpPortal.Cli;
using SmtpPortal.Export;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.OAuth;

/// <summary>A set-up that signs in with OAuth2 is visible as such: the start-up checks test the
/// sign-in too, and an export says the account has no password an app could use.</summary>
public sealed class OAuthVisibilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheStartUpCheckReportsASignInTheKeyRingCannotDecrypt()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await bed.SignInAsync();
        await bed.SaveSettingsAsync();
        await bed.DamageSignInAsync();

        var readable = await bed.Get<IServiceProvider>().WarnIfStoredSecretIsUnreadableAsync(Ct);

        Assert.False(readable);
        var warning = Assert.Single(bed.Logs.Lines, line => line.Contains("SmtpPortal.KeyRing"));
        Assert.Contains($"the outlook OAuth2 sign-in of {OAuthTestBed.Account}", warning);
    }

    [Fact]
    public async Task AnExportSaysTheAccountSignsInWithOAuthOnEveryChannel()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await bed.SignInAsync();
        await bed.SaveSettingsAsync();

        var export = await bed.Get<SettingsExporter>().ExportAsync(ExportCatalog.Find("env")!, false, OAuthTestBed.Admin, SecretChannel.Cli, Ct);
        var cli = await CommandLine.RunAsync(bed.DataPath, "", "export", "--format", "env");

        Assert.Equal("Microsoft", export.SignsInWithOAuth);
        Assert.Contains("signs in with Microsoft (OAuth2), so it has no password an app could use", export.OAuthNote);
        Assert.Contains("XOAUTH2", export.OAuthNote);
        Assert.Equal(ExitCodes.Ok, cli.ExitCode);
        Assert.Contains("Note: This account signs in with Microsoft (OAuth2)", cli.Error);
        Assert.Contains(ExportValues.PasswordPlaceholder, cli.Out);
    }
}
