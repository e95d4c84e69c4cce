using SmtpPortal.OAuth;
using SmtpPortal.Smtp;

namespace SmtpPortal.Tests.OAuth;

/// <summary>Refresh failures as Microsoft and Google word them, each with the advice that fits.</summary>
public sealed class OAuthProblemTests
{
    [Theory]
    [InlineData("invalid_grant", "AADSTS65001: The user or administrator has not consented to use the application.", "Microsoft", SmtpFailureCategory.OAuthSignInRequired, "Sign in again")]
    [InlineData("invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity.", "Microsoft", SmtpFailureCategory.OAuthSignInRequired, "Sign in again")]
    [InlineData("invalid_grant", "Token has been expired or revoked.", "Google", SmtpFailureCategory.OAuthSignInRequired, "Sign in again")]
    [InlineData("invalid_client", "AADSTS7000222: The provided client secret keys for app '…' are expired.", "Microsoft", SmtpFailureCategory.OAuthClientRejected, "Create a new client secret")]
    [InlineData("invalid_client", "The OAuth client was not found.", "Google", SmtpFailureCategory.OAuthClientRejected, "check the client id")]
    [InlineData("temporarily_unavailable", null, "Microsoft", SmtpFailureCategory.OAuthUnavailable, "Try again")]
    public void ATokenErrorIsClassifiedWithAdviceAndTheProvidersCode(
        string error, string? description, string provider, SmtpFailureCategory category, string advice)
    {
        var problem = OAuthProblem.FromTokenError(error, description, provider);

        Assert.Equal(category, problem.Category);
        Assert.Contains(advice, problem.Summary);
        Assert.StartsWith(error, problem.ProviderError);
        Assert.Contains(provider, problem.Summary + problem.ProviderError);
    }

    [Fact]
    public void AnUnreachableTokenEndpointNamesTheHostOnly()
    {
        var problem = OAuthProblem.Unreachable("Google", "https://oauth2.googleapis.com/token?x=1");

        Assert.Equal(SmtpFailureCategory.OAuthUnavailable, problem.Category);
        Assert.Contains("oauth2.googleapis.com", problem.Summary);
        Assert.DoesNotContain("x=1", problem.Summary);
    }
}
