using Microsoft.Extensions.Localization;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>What a preset knows beyond the generic advice, keyed by preset id (so presets added
/// to presets.json later only add lines to Resources/Smtp/Diagnostics/ProviderAdvice.resx and .zh-CN.resx).</summary>
public static class ProviderAdvice
{
    private static readonly IStringLocalizer L = Localization.StaticLocalizer.For(typeof(ProviderAdvice));

    /// <summary>Login refused (534/535): what secret this provider really wants (resource
    /// "Login.{id}"), in the current UI language; null when the preset has no advice of its own.</summary>
    public static string? LoginFix(string presetId) => Find($"Login.{presetId.ToLowerInvariant()}");

    /// <summary>Sender refused (550/553/554): whose From addresses this provider accepts (resource "Sender.{id}").</summary>
    public static string? SenderFix(string presetId) => Find($"Sender.{presetId.ToLowerInvariant()}");

    private static string? Find(string key) => L[key] is { ResourceNotFound: false } text ? text.Value : null;

    /// <summary>Providers that reject or rewrite a From address outside the logged-in account.</summary>
    public static readonly IReadOnlySet<string> FromMustMatchAccount = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "gmail", "outlook", "hotmail", "yahoo", "qq", "163", "126", "icloud", "yandex", "fastmail", "zoho", "aliyun", "exmail", "microsoft365",
    };
}
