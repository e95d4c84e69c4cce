using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using SmtpPortal.Data;
using SmtpPortal.Security;

namespace SmtpPortal.Hosting;

public static class SecurityHostingExtensions
{
    public const string SignInPath = "/signin";

    /// <summary>Admin accounts (ASP.NET Core Identity in the portal's database) and a fallback
    /// policy: every endpoint needs a signed-in admin unless it says otherwise.</summary>
    public static WebApplicationBuilder AddAdminSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = SignInPath;
            cookie.LogoutPath = "/signout";
            cookie.AccessDeniedPath = SignInPath;
            cookie.Cookie.Name = "SmtpPortal.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(30);
        });

        builder.Services.AddIdentityCore<AdminUser>(identity =>
            {
                identity.Password.RequiredLength = 12;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                identity.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton<SetupToken>();
        return builder;
    }

    /// <summary>Sign-out is a POST with an antiforgery token, so another site cannot sign the
    /// admin out; the health probe is open for load balancers and container checks.</summary>
    public static WebApplication MapAdminEndpoints(this WebApplication app)
    {
        app.MapPost("/signout", async (SignInManager<AdminUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect(SignInPath);
        });
        app.MapGet("/health", () => Results.Text("ok")).AllowAnonymous();
        return app;
    }
}
