using SmtpPortal.Providers;

namespace SmtpPortal.Tests.Providers;

public sealed class CredentialShapeCheckTests
{
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();

    private static ShapeCheckResult Check(string presetId, string? username, string? password) =>
        CredentialShapeCheck.Check(Catalog.Find(presetId)!, username, password);

    private static ShapeSeverity[] SeveritiesFor(ShapeCheckResult result, string field) =>
        [.. result.Findings.Where(f => f.Field == field).Select(f => f.Severity)];

    [Fact]
    public void SendGridRefusesAUsernameOtherThanApikey()
    {
        var result = Check("sendgrid", "me@example.com", "SG.abc.def");

        Assert.True(result.Blocks);
        Assert.Equal([ShapeSeverity.Block], SeveritiesFor(result, CredentialShapeCheck.UsernameField));
    }

    [Fact]
    public void SendGridRefusesAKeyThatDoesNotStartWithSG()
    {
        var result = Check("sendgrid", "apikey", "my-account-password");

        Assert.True(result.Blocks);
        Assert.Equal([ShapeSeverity.Block], SeveritiesFor(result, CredentialShapeCheck.PasswordField));
    }

    [Fact]
    public void ASendGridKeyWithATrailingNewlineIsTrimmedAndTheAdminIsTold()
    {
        var result = Check("sendgrid", "apikey", "SG.abc.def\r\n");

        Assert.False(result.Blocks);
        Assert.Equal("SG.abc.def", result.Password);
        Assert.Equal([ShapeSeverity.Fixed], SeveritiesFor(result, CredentialShapeCheck.PasswordField));
    }

    [Theory]
    [InlineData("gmail")]
    [InlineData("yahoo")]
    [InlineData("fastmail")]
    [InlineData("qq")]
    [InlineData("163")]
    [InlineData("126")]
    public void SpacesInsideASixteenLetterCodeAreRemovedAndTheAdminIsTold(string presetId)
    {
        var result = Check(presetId, "me@example.com", "abcd efgh ijkl mnop");

        Assert.Equal("abcdefghijklmnop", result.Password);
        Assert.Equal([ShapeSeverity.Fixed], SeveritiesFor(result, CredentialShapeCheck.PasswordField));
    }

    [Fact]
    public void AnICloudAppPasswordKeepsItsHyphens()
    {
        var result = Check("icloud", "me@icloud.com", "abcd-efgh-ijkl-mnop");

        Assert.Equal("abcd-efgh-ijkl-mnop", result.Password);
        Assert.Empty(result.Findings);
    }

    [Theory]
    [InlineData("gmail", "my normal password!")]
    [InlineData("qq", "qqpassword")]
    [InlineData("163", "abcdefghijklmnopq")]
    public void SomethingThatIsNotSixteenLettersIsAWarningNotABlock(string presetId, string password)
    {
        var result = Check(presetId, "me@example.com", password);

        Assert.False(result.Blocks);
        Assert.Contains(ShapeSeverity.Warning, SeveritiesFor(result, CredentialShapeCheck.PasswordField));
    }

    [Fact]
    public void AProviderWithoutAShapeOnlyHasItsWhitespaceTrimmed()
    {
        var result = Check("custom", "relay", " pass word \n");

        Assert.Equal("pass word", result.Password);
        Assert.Equal([ShapeSeverity.Fixed], SeveritiesFor(result, CredentialShapeCheck.PasswordField));
    }

    [Fact]
    public void AnEmptyPasswordKeepsTheStoredOneAndIsNotChecked()
    {
        var result = Check("gmail", "me@gmail.com", null);

        Assert.Null(result.Password);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void AMicrosoft365PasswordIsAllowedButWarnedThatSignInWithMicrosoftIsTheWay()
    {
        var result = Check("microsoft365", "me@contoso.com", "mailbox password");

        var warning = Assert.Single(result.Findings);
        Assert.Equal((CredentialShapeCheck.PasswordField, ShapeSeverity.Warning), (warning.Field, warning.Severity));
        Assert.StartsWith("Microsoft 365 / Exchange Online is set up with \"Sign in with Microsoft\" below the form.", warning.Message);
        Assert.False(result.Blocks);
        Assert.Empty(Check("microsoft365", "me@contoso.com", null).Findings);
    }
}
