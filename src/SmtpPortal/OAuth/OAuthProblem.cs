using SmtpPortal.Smtp;

namespace SmtpPortal.OAuth;

/// <summary>Why a token request failed: the category and reason as facts (what a send's diagnosis
/// renders from), the admin's words for the sign-in flows, and the provider's error code (never
/// a token) for the record.</summary>
public sealed record OAuthProblem(SmtpFailureCategory Category, OAuthReason Reason, string Summary, string? ProviderError = null)
{
    /// <summary>The diagnosis of a send that could not get an access token.</summary>
    public SmtpDiagnosis ToDiagnosis(string provider, SmtpEvidence evidence) =>
        SmtpDiagnosis.Of(Category, evidence with { OAuthReason = Reason, OAuthProvider = provider, UsesOAuth = true, Detail = ProviderError });

    /// <summary>Classifies an OAuth2 error response (RFC 6749 §5.2), reading Microsoft's AADSTS
    /// codes where they say more than the standard error.</summary>
    public static OAuthProblem FromTokenError(string? error, string? description, string provider)
    {
        var said = Shorten($"{error}: {description}");
        var has = (string code) => description?.Contains(code, StringComparison.Ordinal) == true;
        if (error == "invalid_client" && (has("AADSTS7000222") || has("AADSTS7000215")))
            return new(SmtpFailureCategory.OAuthClientRejected, OAuthReason.ClientSecretRejected,
                $"{provider} rejected the app's client secret: it is wrong or has expired. Create a new client secret in the app registration, enter it, and sign in again.", said);
        return error switch
        {
            "invalid_grant" => new(SmtpFailureCategory.OAuthSignInRequired, OAuthReason.GrantRevoked,
                $"{provider} no longer accepts the stored sign-in: consent was revoked, the password changed, or the sign-in expired. Sign in again.", said),
            "invalid_client" or "unauthorized_client" => new(SmtpFailureCategory.OAuthClientRejected, OAuthReason.ClientRejected,
                $"{provider} rejected the app: check the client id (and secret), that the app allows this kind of sign-in, and sign in again.", said),
            "invalid_scope" or "consent_required" or "interaction_required" => new(SmtpFailureCategory.OAuthSignInRequired, OAuthReason.ConsentRequired,
                $"{provider} needs the account to consent again to sending mail: sign in again.", said),
            "access_denied" => new(SmtpFailureCategory.OAuthSignInRequired, OAuthReason.Declined,
                "The sign-in was declined. Sign in again and accept the permission to send mail.", said),
            "expired_token" => new(SmtpFailureCategory.OAuthSignInRequired, OAuthReason.CodeExpired,
                "The sign-in code expired before it was used. Start the sign-in again.", said),
            _ => new(SmtpFailureCategory.OAuthUnavailable, OAuthReason.ServiceRefused,
                $"{provider}'s sign-in service refused the request ({error ?? "no error code"}). Try again; if it persists, sign in again.", said),
        };
    }

    public static OAuthProblem Unreachable(string provider, string endpoint) => new(SmtpFailureCategory.OAuthUnavailable, OAuthReason.Unreachable,
        $"Could not reach {provider}'s sign-in service at {new Uri(endpoint).Host}: check this server's internet access and try again.");

    public static OAuthProblem SignInRequired(OAuthReason reason, string why) => new(SmtpFailureCategory.OAuthSignInRequired, reason, why);

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500];
}
