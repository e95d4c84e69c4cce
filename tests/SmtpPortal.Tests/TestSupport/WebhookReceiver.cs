using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>One request the receiver got, as it came over the wire.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>A chat app's webhook endpoint played by the tests: Kestrel on 127.0.0.1 at a free
/// port, keeping every request. Paths under /hang never answer (a channel that times out).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ReceivedRequest>> _waiters = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = default!;
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>The status and body the receiver answers with, per request (default: WeCom/DingTalk's "ok").</summary>
    public Func<ReceivedRequest, (int Status, string Body)> Answer { get; set; } = _ => (200, """{"errcode":0,"errmsg":"ok"}""");

    /// <summary>Completes when the next request arrives whose path starts with <paramref name="path"/>.</summary>
    public Task<ReceivedRequest> NextAsync(string path) =>
        _waiters.GetOrAdd(path, _ => new TaskCompletionSource<ReceivedRequest>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public string Url(string path) => new Uri(BaseUrl, path).ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.Run(receiver.HandleAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = new Uri(address);
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var request = new ReceivedRequest(
            context.Request.Path.Value ?? "",
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray());
        Requests.Enqueue(request);
        foreach (var (path, waiter) in _waiters)
            if (request.Path.StartsWith(path, StringComparison.Ordinal) && _waiters.TryRemove(path, out _))
                waiter.TrySetResult(request);
        if (request.Path.StartsWith("/hang", StringComparison.Ordinal))
        {
            // Until the client gives up: only its own deadline ends this request.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        var (status, answer) = Answer(request);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
