using Microsoft.AspNetCore.Localization;

namespace SmtpPortal.Localization;

/// <summary>The HTTP API answers scripts, not people: its messages, validation errors and export
/// texts stay English whatever language the caller's Accept-Language or cookie names, so that a
/// script's parsing does not depend on who ran it (docs/decisions/0022-localization.md).</summary>
public sealed class MachineFacingCultureProvider : RequestCultureProvider
{
    public static readonly PathString[] Paths = ["/api", "/openapi", "/health"];

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        Task.FromResult(Paths.Any(p => httpContext.Request.Path.StartsWithSegments(p))
            ? new ProviderCultureResult(UiLanguage.English)
            : null);
}
