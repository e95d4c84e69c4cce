using SmtpPortal.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddOperatorConfiguration()
    .AddSmtpPortalOptions()
    .AddSmtpPortalData()
    .AddReverseProxySupport()
    .AddAdminSecurity()
    .AddSmtpSending()
    .AddBackup()
    .AddPortalUi();

var app = builder.Build();

await app.PrepareDataAsync();
app.UsePortalPipeline();
app.MapAdminEndpoints();
app.MapBackupEndpoints();
app.MapOAuthEndpoints();
app.MapPortalUi();

await app.RunAsync();

/// <summary>Entry point; public so that tests can host the real app.</summary>
public partial class Program;
