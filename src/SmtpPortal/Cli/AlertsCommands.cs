using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using SmtpPortal.Alerts;
using SmtpPortal.Api;

namespace SmtpPortal.Cli;

/// <summary><c>alerts channels list | add | remove | test</c>: the Alerts page's channels, for
/// scripts. A channel's URL, signing secret and bot token are read from standard input (a command
/// line is visible to every user of the machine and kept in shell history) and never printed.</summary>
internal static class AlertsCommands
{
    public static Command Create(CommandContext context) =>
        new("alerts", "Alert channels: where SmtpPortal says that mail stopped working.")
        {
            new Command("channels", "List, add and remove alert channels; send one a test alert.")
            {
                List(context),
                Add(context),
                Remove(context),
                Test(context),
            },
        };

    private static Command List(CommandContext context)
    {
        var json = RelayCommands.JsonOption();
        var command = new Command("list", "List the alert channels (never their URL, secret or token).") { json };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var channels = await services.GetRequiredService<AlertChannelStore>().ListAsync(ct);
            if (parsed.GetValue(json))
            {
                context.Console.Out.WriteLine(JsonSerializer.Serialize(channels.Select(ApiAlertChannel.From), RelayCommands.Json));
                return ExitCodes.Ok;
            }
            if (channels.Count == 0)
                context.Console.Out.WriteLine("No alert channels yet: add one with `alerts channels add --kind wecom --name NAME --url-stdin`.");
            foreach (var c in channels)
                context.Console.Out.WriteLine($"{c.Id,4}  {c.Name,-24} {AlertChannelNames.Key(c.Kind),-9} {c.Language,-6} added {RelayCommands.Utc(c.CreatedAt)}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Add(CommandContext context)
    {
        var kind = new Option<string>("--kind") { Description = $"The channel's type: {string.Join(", ", AlertChannelNames.Keys)}." };
        var name = new Option<string>("--name") { Description = "A name for the channel, e.g. the chat group's." };
        var language = new Option<string>("--language")
        {
            Description = "The language its alerts are written in: en (the default) or zh-CN.",
            DefaultValueFactory = _ => Localization.UiLanguage.English,
        };
        var urlStdin = new Option<bool>("--url-stdin") { Description = "Read the robot's webhook URL from standard input (its first line)." };
        var secretStdin = new Option<bool>("--secret-stdin")
        {
            Description = "Read the signing secret from standard input (after the URL, on its own line): webhook (required), dingtalk, feishu.",
        };
        var botTokenStdin = new Option<bool>("--bot-token-stdin") { Description = "telegram: read the bot token from standard input." };
        var chatId = new Option<string>("--chat-id") { Description = "telegram: the chat's ID (a group's starts with -100) or @channelname." };
        var address = new Option<string>("--address") { Description = "email: the address alerts are mailed to (through the fallback provider)." };
        var json = RelayCommands.JsonOption();
        var command = new Command("add", "Add an alert channel. Its URL, secret and token are stored encrypted and never shown again.")
        {
            kind, name, language, urlStdin, secretStdin, botTokenStdin, chatId, address, json,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            // In this order, one per line: what a script pipes in is named by the options it gives.
            Option<bool>[] wanted = [.. new[] { urlStdin, botTokenStdin, secretStdin }.Where(o => parsed.GetValue(o))];
            var read = await ReadLinesAsync(context.Console, wanted, ct);
            if (read.Problem is { } problem)
            {
                context.Console.Error.WriteLine(problem);
                return ExitCodes.Invalid;
            }
            string? From(Option<bool> option) => read.Values.GetValueOrDefault(option.Name);
            var saved = await services.GetRequiredService<AlertChannelStore>().AddAsync(new AlertChannelInput
            {
                Kind = AlertChannelNames.FromKey(parsed.GetValue(kind)),
                Name = parsed.GetValue(name),
                Language = parsed.GetValue(language) ?? Localization.UiLanguage.English,
                Url = From(urlStdin),
                Secret = From(secretStdin),
                BotToken = From(botTokenStdin),
                ChatId = parsed.GetValue(chatId),
                Address = parsed.GetValue(address),
            }, SettingsCommands.Actor, ct);
            if (!saved.Succeeded)
            {
                foreach (var (field, text) in saved.Problems)
                    context.Console.Error.WriteLine($"{OptionFor(field)}: {text}");
                context.Console.Error.WriteLine("Nothing was stored.");
                return ExitCodes.Invalid;
            }
            var channel = saved.Channel!;
            if (parsed.GetValue(json))
                context.Console.Out.WriteLine(JsonSerializer.Serialize(ApiAlertChannel.From(channel), RelayCommands.Json));
            else
                context.Console.Out.WriteLine($"Added the {AlertChannelNames.Of(channel.Kind)} channel '{channel.Name}' (id {channel.Id}, alerts in {channel.Language}). "
                    + $"Send it a test alert: `alerts channels test {channel.Id}`.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Remove(CommandContext context)
    {
        var id = new Argument<int>("ID") { Description = "The channel's id (see `alerts channels list`)." };
        var command = new Command("remove", "Remove an alert channel.") { id };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            if (!await services.GetRequiredService<AlertChannelStore>().RemoveAsync(parsed.GetValue(id), SettingsCommands.Actor, ct))
                return NotFound(context);
            context.Console.Out.WriteLine($"Removed the alert channel {parsed.GetValue(id)}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Test(CommandContext context)
    {
        var id = new Argument<int>("ID") { Description = "The channel's id (see `alerts channels list`)." };
        var json = RelayCommands.JsonOption();
        var command = new Command("test", "Send a test alert to one channel and say whether it arrived (exit 1 when not).") { id, json };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var delivery = await services.GetRequiredService<AlertService>().SendTestAsync(parsed.GetValue(id), SettingsCommands.Actor, ct);
            if (delivery is null)
                return NotFound(context);
            var problem = delivery.Problem?.Describe(services.GetRequiredService<IStringLocalizer<AlertText>>());
            if (parsed.GetValue(json))
                context.Console.Out.WriteLine(JsonSerializer.Serialize(
                    new ApiTestAlert(ApiAlertChannel.From(delivery.Channel), delivery.Succeeded, problem), RelayCommands.Json));
            else if (problem is null)
                context.Console.Out.WriteLine($"Test alert delivered to '{delivery.Channel.Name}'.");
            else
                context.Console.Error.WriteLine($"Test alert to '{delivery.Channel.Name}' not delivered: {problem}");
            return delivery.Succeeded ? ExitCodes.Ok : ExitCodes.TestFailed;
        }));
        return command;
    }

    private static int NotFound(CommandContext context)
    {
        context.Console.Error.WriteLine("No alert channel with this id.");
        return ExitCodes.Invalid;
    }

    /// <summary>Standard input's lines, one per wanted option in order; nothing is read when none is wanted.</summary>
    private static async Task<(Dictionary<string, string> Values, string? Problem)> ReadLinesAsync(
        CliConsole console, IReadOnlyList<Option<bool>> wanted, CancellationToken ct)
    {
        if (wanted.Count == 0)
            return ([], null);
        var names = string.Join(" ", wanted.Select(o => o.Name));
        var (text, problem) = await console.ReadSecretAsync(ct);
        if (text is null)
            return ([], $"{names}: {problem}");
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        if (lines.Count != wanted.Count)
            return ([], $"{names}: standard input has {lines.Count} line(s), but {wanted.Count} were expected, one per option in this order. Nothing was stored.");
        return (wanted.Zip(lines).ToDictionary(pair => pair.First.Name, pair => pair.Second), null);
    }

    /// <summary>The option a store's field comes from, so that a problem names what the script gave.</summary>
    private static string OptionFor(string field) => field switch
    {
        nameof(AlertChannelInput.Url) => "--url-stdin",
        nameof(AlertChannelInput.Secret) => "--secret-stdin",
        nameof(AlertChannelInput.BotToken) => "--bot-token-stdin",
        nameof(AlertChannelInput.ChatId) => "--chat-id",
        _ => "--" + field.ToLowerInvariant(),
    };
}
