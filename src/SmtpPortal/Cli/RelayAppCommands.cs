using System.CommandLine;
using System.Text.Json;
using SmtpPortal.Relay;
using SmtpPortal.Smtp;

namespace SmtpPortal.Cli;

/// <summary><c>relay apps add | list | revoke</c>.</summary>
internal static class RelayAppCommands
{
    public static Command Create(CommandContext context) =>
        new("apps", "The apps' relay logins.")
        {
            Add(context),
            List(context),
            Revoke(context),
        };

    private static Command Add(CommandContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The app that will use the login, e.g. WordPress." };
        var from = new Option<string[]>("--from")
        {
            Description = "An address or a whole domain (@example.com) the app may send as; repeat for more. Default: the portal's From address.",
            AllowMultipleArgumentsPerToken = true,
        };
        var json = RelayCommands.JsonOption();
        var command = new Command("add", "Create a relay login for an app and print its user name and secret (shown only this once).") { name, from, json };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var senders = parsed.GetValue(from) is { Length: > 0 } given
                ? string.Join('\n', given)
                : (await services.GetRequiredService<Settings.SmtpSettingsStore>().GetAsync(ct))?.FromAddress;
            var created = await services.GetRequiredService<RelayAppStore>().CreateAsync(parsed.GetValue(name), senders, SettingsCommands.Actor, ct);
            if (!created.Succeeded)
            {
                context.Console.Error.WriteLine((created.NameProblem ?? created.SendersProblem)!.English);
                return ExitCodes.Invalid;
            }
            var app = created.App!;
            var values = services.GetRequiredService<RelayAppSettings>().For(app, created.Secret);
            if (parsed.GetValue(json))
            {
                context.Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    id = app.Id, name = app.Name, userName = app.UserName, secret = created.Secret,
                    host = values.Host, port = values.Port, security = values.Security.ToName(), allowedSenders = app.Senders.Entries,
                }, RelayCommands.Json));
                return ExitCodes.Ok;
            }
            var output = context.Console.Out;
            output.WriteLine($"Created the relay login for {app.Name}. Copy the secret now: it is shown only this once.");
            void Line(string label, object? value) => output.WriteLine($"  {label + ":",-12} {value}");
            Line("host", values.Host);
            Line("port", values.Port);
            Line("security", values.Security.ToName());
            Line("user name", app.UserName);
            Line("secret", created.Secret);
            Line("send as", string.Join(", ", app.Senders.Entries));
            foreach (var warning in await SenderWarningsAsync(services, app, ct))
                context.Console.Error.WriteLine($"Warning: {warning}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CommandContext context)
    {
        var json = RelayCommands.JsonOption();
        var command = new Command("list", "List the relay logins (never their secrets).") { json };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var apps = await services.GetRequiredService<RelayAppStore>().ListAsync(ct);
            if (parsed.GetValue(json))
            {
                context.Console.Out.WriteLine(JsonSerializer.Serialize(apps.Select(a => new
                {
                    id = a.Id, name = a.Name, userName = a.UserName, allowedSenders = a.Senders.Entries, createdAt = a.CreatedAt,
                    createdBy = a.CreatedBy, lastUsedAt = a.LastUsedAt, revokedAt = a.RevokedAt, active = a.IsActive,
                }), RelayCommands.Json));
                return ExitCodes.Ok;
            }
            if (apps.Count == 0)
                context.Console.Out.WriteLine("No relay logins yet: create one with `relay apps add NAME --from ADDRESS`.");
            foreach (var app in apps)
                context.Console.Out.WriteLine($"{app.Id,4}  {app.Name,-20} {app.UserName,-20} {(app.IsActive ? "active " : "revoked"),-8} "
                    + $"last used {(app.LastUsedAt is { } used ? RelayCommands.Utc(used) : "never"),-21} send as {string.Join(", ", app.Senders.Entries)}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Revoke(CommandContext context)
    {
        var which = new Argument<string>("ID_OR_USER_NAME") { Description = "The login's id or user name (see `relay apps list`)." };
        var command = new Command("revoke", "Revoke a relay login: it stops working at once, even in connections already open.") { which };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var store = services.GetRequiredService<RelayAppStore>();
            var app = await store.FindAsync(parsed.GetValue(which)!, ct);
            var problem = app is null ? new RelayProblem("AppNotFound") : await store.RevokeAsync(app.Id, SettingsCommands.Actor, ct);
            if (problem is not null)
            {
                context.Console.Error.WriteLine(problem.English);
                return ExitCodes.Invalid;
            }
            context.Console.Out.WriteLine($"Revoked the relay login {app!.UserName} ({app.Name}).");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<IReadOnlyList<string>> SenderWarningsAsync(IServiceProvider services, RelayApp app, CancellationToken ct)
    {
        var settings = await services.GetRequiredService<Settings.SmtpSettingsStore>().GetAsync(ct);
        var catalog = services.GetRequiredService<Providers.ProviderCatalog>();
        return [.. SenderWarnings.For(app.Senders, settings, catalog, services.GetRequiredService<Providers.ProviderAdvice>()).Select(w => w.English)];
    }
}
