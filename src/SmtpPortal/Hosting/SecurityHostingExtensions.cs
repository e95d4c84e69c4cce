using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmtpPortal.Data;
using SmtpPortal.Security;

namespace SmtpPortal.Hosting;

public static class SecurityHostingExtensions
{
    public const string SignInPath = "/signin";

    /// <summary>Admin accounts (ASP.NET Core Identity in the portal's database), their sessions
    /// and a fallback policy: every endpoint needs a signed-in admin unless it says otherwise.</summary>
    public static WebApplicationBuilder AddAdminSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AdminSecurityOptions>>((cookie, security) =>
            {
                cookie.LoginPath = SignInPath;
                cookie.LogoutPath = "/signout";
                // A signed-in admin is only ever refused for want of a fresh re-authentication.
                cookie.AccessDeniedPath = RecentReauthentication.PagePath;
                cookie.Cookie.Name = "SmtpPortal.Auth";
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = security.Value.IdleTimeout;
                cookie.EventsType = typeof(AdminSessionEvents);
                Harden(cookie.Cookie);
            });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme)
            .Configure(cookie =>
            {
                cookie.Cookie.Name = "SmtpPortal.TwoFactor";
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                Harden(cookie.Cookie);
            });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "SmtpPortal.Antiforgery";
            Harden(antiforgery.Cookie);
        });

        // Every request re-reads the admin's security stamp (one indexed SQLite lookup), so a
        // password change, "sign out everywhere" or a removal ends all sessions at once.
        services.Configure<SecurityStampValidatorOptions>(stamp =>
        {
            stamp.ValidationInterval = TimeSpan.Zero;
            stamp.OnRefreshingPrincipal = refresh =>
            {
                if (refresh.CurrentPrincipal is { } current && refresh.NewPrincipal is { } renewed)
                    AdminClaims.CarryOver(current, renewed);
                return Task.CompletedTask;
            };
        });

        services.AddAdminIdentity().AddSignInManager();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddRecentReauthenticationPolicy();
        services.AddSingleton<IAuthorizationHandler, RecentReauthentication.Handler>();
        services.AddCascadingAuthenticationState();

        services.AddSingleton<AdminSessionPolicy>();
        services.AddSingleton<IRecentAuthentication>(sp => sp.GetRequiredService<AdminSessionPolicy>());
        services.AddSingleton<AdminSessionEvents>();
        services.AddSingleton<EndedSessions>();
        services.AddScoped<AdminSignIns>();
        services.AddScoped<CircuitActivity>();
        services.AddScoped<CircuitHandler, CircuitActivity.Tracker>();
        services.AddScoped<AuthenticationStateProvider, AdminAuthenticationStateProvider>();
        services.AddSingleton<SetupToken>();
        builder.AddSignInRateLimits();
        return builder;
    }

    /// <summary>Admin accounts in the portal's database with their password and lockout rules,
    /// and the service that changes them: shared by the portal and the command line.</summary>
    public static IdentityBuilder AddAdminIdentity(this IServiceCollection services)
    {
        services.AddOptions<AdminSecurityOptions>()
            .BindConfiguration(AdminSecurityOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var identity = services.AddIdentityCore<AdminUser>(identity =>
            {
                identity.Password.RequiredLength = 12;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
                identity.Lockout.AllowedForNewUsers = true;
                identity.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddClaimsPrincipalFactory<AdminClaimsFactory>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>();
        services.AddOptions<IdentityOptions>()
            .Configure<IOptions<AdminSecurityOptions>>((identity, security) =>
            {
                identity.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedSignIns;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.Value.LockoutMinutes);
            });
        services.AddSingleton<AdminAccounts>();
        return identity;
    }

    /// <summary>HttpOnly and SameSite=Strict always; Secure whenever the request came over HTTPS
    /// (directly or, with a trusted proxy, as X-Forwarded-Proto).</summary>
    private static void Harden(CookieBuilder cookie)
    {
        cookie.HttpOnly = true;
        cookie.SameSite = SameSiteMode.Strict;
        cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    /// <summary>Sign-out is a POST with an antiforgery token, so another page cannot sign the
    /// admin out; it ends the session on the server too, so a copied cookie dies with it. The
    /// health probe is open for load balancers and container checks.</summary>
    public static WebApplication MapAdminEndpoints(this WebApplication app)
    {
        app.MapPost("/signout", async (HttpContext http, SignInManager<AdminUser> signIn, EndedSessions ended) =>
        {
            await ended.EndAsync(http.User, CancellationToken.None);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~" + SignInPath);
        }).AddEndpointFilter<AntiforgeryRequired>();
        // A new security stamp invalidates every cookie and circuit of this admin, this one too.
        app.MapPost("/signout-everywhere", async (HttpContext http, UserManager<AdminUser> users, SignInManager<AdminUser> signIn) =>
        {
            if (await users.GetUserAsync(http.User) is { } admin)
                await users.UpdateSecurityStampAsync(admin);
            await signIn.SignOutAsync();
            return Results.LocalRedirect($"~{SignInPath}?ended=everywhere");
        }).AddEndpointFilter<AntiforgeryRequired>();
        app.MapGet("/health", () => Results.Text("ok")).AllowAnonymous();
        return app;
    }
}
