using System.CommandLine;
using System.Text.Json;
using SmtpPortal.Relay;

namespace SmtpPortal.Cli;

/// <summary><c>relay queue list | retry | delete</c>: the send log.</summary>
internal static class RelayQueueCommands
{
    public static Command Create(CommandContext context) =>
        new("queue", "The relay's queue and send log.")
        {
            List(context),
            Act(context, "retry", "Send a waiting or failed message now.", (log, id, ct) => log.RetryNowAsync(id, SettingsCommands.Actor, ct), "will be sent now"),
            Act(context, "delete", "Delete a message from the queue and the send log.", (log, id, ct) => log.DeleteAsync(id, SettingsCommands.Actor, ct), "deleted"),
        };

    private static Command List(CommandContext context)
    {
        var status = new Option<string>("--status") { Description = "Only messages in this state." };
        status.AcceptOnlyFromAmong([.. Enum.GetNames<RelayMessageStatus>().Select(n => n.ToLowerInvariant())]);
        var search = new Option<string>("--search") { Description = "Only messages whose sender, recipients, app, subject, Message-ID or reply contain this." };
        var json = RelayCommands.JsonOption();
        var command = new Command("list", $"List the newest {SendLog.PageSize} messages of the send log.") { status, search, json };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var filter = new SendLogFilter(
                parsed.GetValue(status) is { } s ? Enum.Parse<RelayMessageStatus>(s, ignoreCase: true) : null, Text: parsed.GetValue(search));
            var messages = await services.GetRequiredService<SendLog>().FindAsync(filter, ct);
            if (parsed.GetValue(json))
            {
                context.Console.Out.WriteLine(JsonSerializer.Serialize(messages.Select(Api.ApiSendLogLine.From), RelayCommands.Json));
                return ExitCodes.Ok;
            }
            if (messages.Count == 0)
                context.Console.Out.WriteLine("No messages.");
            foreach (var m in messages)
                context.Console.Out.WriteLine($"{m.Id,6}  {RelayCommands.Utc(m.AcceptedAt)}  {m.Status.ToString().ToLowerInvariant(),-9} {m.AppName,-16} "
                    + $"{m.EnvelopeFrom} -> {m.RecipientCount} recipient(s), {m.Attempts} attempt(s)"
                    + (m.LastReason is { } reason ? $"  {reason}" : ""));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Act(CommandContext context, string name, string description,
        Func<SendLog, long, CancellationToken, Task<RelayProblem?>> action, string done)
    {
        var id = new Argument<long>("ID") { Description = "The message's id (see `relay queue list`)." };
        var command = new Command(name, description) { id };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var problem = await action(services.GetRequiredService<SendLog>(), parsed.GetValue(id), ct);
            if (problem is not null)
            {
                context.Console.Error.WriteLine(problem.English);
                return ExitCodes.Invalid;
            }
            context.Console.Out.WriteLine($"Message {parsed.GetValue(id)} {done}.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
