using SmtpPortal.Smtp;

namespace SmtpPortal.OAuth;

/// <summary>Why a token request failed, in the admin's words, with the provider's error code
/// (never a token) for the record.</summary>
public sealed record OAuthProblem(SmtpFailureCategory Category, string Summary, string? ProviderError = null)
{
    /// <summary>The OAuth2 sign-in's messages, in the current UI language (the API and the command line: English).</summary>
    internal static string Text(string key, params object[] args) =>
        Localization.StaticLocalizer.For(typeof(OAuthProblem))[key, args];

    public SendOutcome ToOutcome() => SendOutcome.Failed(Category, Summary, reply: ProviderError);

    /// <summary>Classifies an OAuth2 error response (RFC 6749 §5.2), reading Microsoft's AADSTS
    /// codes where they say more than the standard error.</summary>
    public static OAuthProblem FromTokenError(string? error, string? description, string provider)
    {
        var said = Shorten($"{error}: {description}");
        var has = (string code) => description?.Contains(code, StringComparison.Ordinal) == true;
        if (error == "invalid_client" && (has("AADSTS7000222") || has("AADSTS7000215")))
            return new(SmtpFailureCategory.OAuthClientRejected,
                Text("SecretExpired", provider), said);
        return error switch
        {
            "invalid_grant" => new(SmtpFailureCategory.OAuthSignInRequired,
                Text("GrantRevoked", provider), said),
            "invalid_client" or "unauthorized_client" => new(SmtpFailureCategory.OAuthClientRejected,
                Text("AppRejected", provider), said),
            "invalid_scope" or "consent_required" or "interaction_required" => new(SmtpFailureCategory.OAuthSignInRequired,
                Text("ConsentAgain", provider), said),
            "access_denied" => new(SmtpFailureCategory.OAuthSignInRequired,
                Text("Declined"), said),
            "expired_token" => new(SmtpFailureCategory.OAuthSignInRequired,
                Text("CodeExpired"), said),
            _ => new(SmtpFailureCategory.OAuthUnavailable,
                Text("Refused", provider, error ?? Text("NoErrorCode")), said),
        };
    }

    public static OAuthProblem Unreachable(string provider, string endpoint) => new(SmtpFailureCategory.OAuthUnavailable,
        Text("Unreachable", provider, new Uri(endpoint).Host));

    public static OAuthProblem SignInRequired(string why) => new(SmtpFailureCategory.OAuthSignInRequired, why);

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500];
}
