using SmtpPortal.Cli;
using SmtpPortal.Hosting;

if (!HostingArguments.StartThePortal(args))
{
    Environment.ExitCode = await PortalCommandLine.RunAsync(args);
    return;
}

var builder = WebApplication.CreateBuilder(ContentRoot.WebApplicationOptions(args));

builder.AddOperatorConfiguration()
    .AddSmtpPortalOptions()
    .AddSmtpPortalData()
    .AddReverseProxySupport()
    .AddAdminSecurity()
    .AddSmtpSending()
    .AddRelay()
    .AddBackup()
    .AddPortalUi()
    .AddSettingsExport()
    .AddPortalApi();

var app = builder.Build();

await app.PrepareDataAsync();
app.UsePortalPipeline();
app.UsePortalApi();
app.MapAdminEndpoints();
app.MapBackupEndpoints();
app.MapOAuthEndpoints();
app.MapPortalApi();
app.MapPortalUi();

await app.RunAsync();

/// <summary>Entry point; public so that tests can host the real app.</summary>
public partial class Program;
