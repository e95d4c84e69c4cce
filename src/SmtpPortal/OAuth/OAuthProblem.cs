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

    /// <summary>The OAuth2 sign-in's messages, in the current UI language (the API and the command line: English).</summary>
    internal static string Text(string key, params object[] args) =>
        Localization.StaticLocalizer.For(typeof(OAuthProblem))[key, args];

    /// <summary>Classifies an OAuth2 error response (RFC 6749 §5.2), reading Microsoft's AADSTS
    /// codes where they say more than the standard error.</summary>
    public static OAuthProblem FromTokenError(string? error, string? description, string provider)
    {
        var said = Shorten($"{error}: {description}");
        var has = (string code) => description?.Contains(code, StringComparison.Ordinal) == true;
        if (error == "invalid_client" && (has("AADSTS7000222") || has("AADSTS7000215")))
            return new(SmtpFailureCategory.OAuthClientRejected, OAuthReason.ClientSecretRejected,
                Text("SecretExpired", provider), said);
        return error switch
        {
            "invalid_grant" => new(SmtpFailureCategory.OAuthSignInRequired, OAuthReason.GrantRevoked,
                Text("GrantRevoked", provider), said),
            "invalid_client" or "unauthorized_client" => new(SmtpFailureCategory.OAuthClientRejected, OAuthReason.ClientRejected,
                Text("AppRejected", provider), said),
            "invalid_scope" or "consent_required" or "interaction_required" => new(SmtpFailureCategory.OAuthSignInRequired, OAuthReason.ConsentRequired,
                Text("ConsentAgain", provider), said),
            "access_denied" => new(SmtpFailureCategory.OAuthSignInRequired, OAuthReason.Declined,
                Text("Declined"), said),
            "expired_token" => new(SmtpFailureCategory.OAuthSignInRequired, OAuthReason.CodeExpired,
                Text("CodeExpired"), said),
            _ => new(SmtpFailureCategory.OAuthUnavailable, OAuthReason.ServiceRefused,
                Text("Refused", provider, error ?? Text("NoErrorCode")), said),
        };
    }

    public static OAuthProblem Unreachable(string provider, string endpoint) => new(SmtpFailureCategory.OAuthUnavailable, OAuthReason.Unreachable,
        Text("Unreachable", provider, new Uri(endpoint).Host));

    public static OAuthProblem SignInRequired(OAuthReason reason, string why) => new(SmtpFailureCategory.OAuthSignInRequired, reason, why);

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500];
}
