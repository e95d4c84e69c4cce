using SmtpPortal.Providers;
using SmtpPortal.Smtp;

namespace SmtpPortal.Tests.Providers;

/// <summary>The rules the shipped presets are held to must be able to fail.</summary>
public sealed class PresetValidatorTests
{
    private static readonly ProviderPreset Valid = new()
    {
        Id = "example",
        Name = "Example",
        Hosts = [new PresetHost("smtp.example.com")],
        Ports = [new PresetPort(465, SecurityMode.SslOnConnect), new PresetPort(587, SecurityMode.StartTls)],
        RecommendedPort = 587,
        UsernameForm = UsernameForm.FullAddress,
        SecretKind = SecretKind.AccountPassword,
        Notes = new Dictionary<string, IReadOnlyList<string>> { ["en"] = ["Note."], ["zh"] = ["说明。"] },
        DocsUrl = "https://example.com/docs",
        Sources = ["https://example.com/docs"],
        Verified = new DateOnly(2026, 11, 28),
    };

    private static IEnumerable<string> FieldsWrongIn(ProviderPreset preset, bool shipped = true) =>
        PresetValidator.Validate(preset, shipped).Select(p => p.Field);

    [Fact]
    public void AValidPresetHasNoProblems() => Assert.Empty(FieldsWrongIn(Valid));

    [Theory]
    [InlineData("smtp://smtp.example.com")]
    [InlineData("smtp.example.com:587")]
    [InlineData("smtp example.com")]
    [InlineData("smtp.example.com.")]
    [InlineData("localhost")]
    public void AHostMustBeADnsName(string host) =>
        Assert.Contains("hosts[0].host", FieldsWrongIn(Valid with { Hosts = [new PresetHost(host)] }));

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void APortMustBeBetween1And65535(int port) =>
        Assert.Contains("ports[0].port", FieldsWrongIn(Valid with { Ports = [new PresetPort(port, SecurityMode.StartTls)], RecommendedPort = null }));

    [Theory]
    [InlineData(465, SecurityMode.StartTls)]
    [InlineData(587, SecurityMode.SslOnConnect)]
    [InlineData(2525, SecurityMode.SslOnConnect)]
    [InlineData(25, SecurityMode.None)]
    public void AnUnusualSecurityModeNeedsAStatedReason(int port, SecurityMode security)
    {
        var unexplained = Valid with { Ports = [new PresetPort(port, security)], RecommendedPort = port };
        var reason = new LocalizedText(new Dictionary<string, string> { ["en"] = "the provider says so", ["zh"] = "服务商如此规定" });
        var explained = Valid with { Ports = [new PresetPort(port, security, reason)], RecommendedPort = port };

        Assert.Contains("ports[0].note", FieldsWrongIn(unexplained));
        Assert.Empty(FieldsWrongIn(explained));
    }

    [Fact]
    public void AShippedPresetNeedsBothLanguagesASourceAndAVerifiedDate()
    {
        var bare = Valid with
        {
            Notes = new Dictionary<string, IReadOnlyList<string>> { ["en"] = ["Note."] },
            DocsUrl = null,
            Sources = [],
            Verified = null,
        };

        Assert.Equal(["notes.zh", "sources", "verified"], FieldsWrongIn(bare).Order());
        Assert.Empty(FieldsWrongIn(bare, shipped: false));
    }

    [Fact]
    public void ARecommendedPortMustBeOneOfThePresetsPorts() =>
        Assert.Contains("recommendedPort", FieldsWrongIn(Valid with { RecommendedPort = 2525 }));

    [Fact]
    public void LinksMustBeHttps() =>
        Assert.Contains("docsUrl", FieldsWrongIn(Valid with { DocsUrl = "http://example.com/docs" }));

    [Fact]
    public void SeveralHostsNeedRegionLabels() =>
        Assert.Contains("hosts", FieldsWrongIn(Valid with { Hosts = [new PresetHost("smtp.example.com"), new PresetHost("smtp.example.eu")] }));

    [Fact]
    public void AShippedPresetsShortTextsNeedBothLanguages()
    {
        var englishOnly = Valid with
        {
            Hosts = [new PresetHost("smtp.example.com", "United States"), new PresetHost("smtp.example.eu", "Europe")],
            Ports = [new PresetPort(2525, SecurityMode.StartTls, "for hosts that block 587")],
            RecommendedPort = 2525,
            SecretLabel = "Secret key",
            UsernameHint = "Your API key",
        };

        Assert.Equal(["hosts[0].region.zh", "hosts[1].region.zh", "ports[0].note.zh", "secretLabel.zh", "usernameHint.zh"],
            FieldsWrongIn(englishOnly).Order());
        Assert.Empty(FieldsWrongIn(englishOnly, shipped: false));
    }
}
