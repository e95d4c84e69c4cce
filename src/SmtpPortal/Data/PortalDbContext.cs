using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Alerts;
using SmtpPortal.Api;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.OAuth;
using SmtpPortal.Relay;
using SmtpPortal.Security;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Data;

public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<AdminUser>(options)
{
    public DbSet<SmtpSettings> SmtpSettings => Set<SmtpSettings>();
    public DbSet<TestRun> TestRuns => Set<TestRun>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<OAuthGrant> OAuthGrants => Set<OAuthGrant>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<EndedSession> EndedSessions => Set<EndedSession>();
    public DbSet<RelayApp> RelayApps => Set<RelayApp>();
    public DbSet<RelayMessage> RelayMessages => Set<RelayMessage>();
    public DbSet<RelayMessageBody> RelayMessageBodies => Set<RelayMessageBody>();
    public DbSet<RelayAttempt> RelayAttempts => Set<RelayAttempt>();
    public DbSet<RelayState> RelayStates => Set<RelayState>();
    public DbSet<RelayRefusal> RelayRefusals => Set<RelayRefusal>();
    public DbSet<AlertChannel> AlertChannels => Set<AlertChannel>();
    public DbSet<AlertConditionState> AlertConditions => Set<AlertConditionState>();
    public DbSet<FallbackProvider> FallbackProviders => Set<FallbackProvider>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
