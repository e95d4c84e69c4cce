using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.StaticAssets;

namespace SmtpPortal.Security;

/// <summary>
/// While a signed-in admin still holds a one-time password (<see cref="AdminUser.MustChangePassword"/>),
/// every page sends them to <see cref="PagePath"/> first. Open endpoints (sign-in, health, static
/// files), sign-out and the API (which never uses the admin's cookie) are left alone.
/// </summary>
public static class RequiredPasswordChange
{
    public const string PagePath = "/account/password";

    public static IApplicationBuilder UseRequiredPasswordChange(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (MustChangeFirst(context))
            {
                var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                context.Response.Redirect($"{context.Request.PathBase}{PagePath}?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
                return;
            }
            await next(context);
        });

    private static bool MustChangeFirst(HttpContext context)
    {
        if (!context.User.HasClaim(c => c.Type == AdminClaims.MustChangePassword))
            return false;
        var path = context.Request.Path;
        if (path.Equals(PagePath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/signout") || path.StartsWithSegments("/signout-everywhere")
            || path.StartsWithSegments("/api"))
            return false;
        var endpoint = context.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<IAllowAnonymous>() is null
            && endpoint?.Metadata.GetMetadata<StaticAssetDescriptor>() is null;
    }
}
