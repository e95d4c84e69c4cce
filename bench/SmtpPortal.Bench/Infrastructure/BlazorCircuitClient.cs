using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>
/// One Blazor Server circuit held without a browser, speaking to /_blazor what blazor.web.js (.NET 10)
/// speaks: GET the page; read its server component markers and persisted state; connect with
/// "blazorpack"; <c>StartCircuit</c> with no components, then <c>UpdateRootComponents</c> adding each
/// marker; acknowledge every render batch with <c>OnRenderCompleted</c>; answer every JS interop call
/// as done (no DOM here, so a call's result is null, a fresh JS object reference when one is asked
/// for, or what a browser window answers where null cannot do: <see cref="BrowserAnswers"/>). A click is what the browser's event delegator sends: <c>BeginInvokeDotNetFromJS</c> calling
/// <c>DispatchEventAsync</c> on the renderer's interop object, whose id the server passes to
/// <c>Blazor._internal.attachWebRendererInterop</c> at start. The element to click is found by its
/// attributes in the render batches (<see cref="RenderBatchReader"/>).
/// The client costs the machine a socket and a few parsed messages per circuit, so the clock measures
/// the server's round trip, not a browser's layout and script work on the same cores.
/// </summary>
public sealed partial class BlazorCircuitClient : IAsyncDisposable
{
    private const string MouseClick =
        """{"type":"click","detail":1,"screenX":0,"screenY":0,"clientX":0,"clientY":0,"offsetX":0,"offsetY":0,"pageX":0,"pageY":0,"movementX":0,"movementY":0,"button":0,"buttons":0,"ctrlKey":false,"shiftKey":false,"altKey":false,"metaKey":false}""";

    /// <summary>What a 1280×720 browser window (Playwright's default, which the browser row uses) answers to
    /// the calls whose .NET result type cannot be null: MudBlazor's breakpoint service sizes the layout
    /// (and so what the drawer toggle renders) from the window. Every other call gets null, "done".</summary>
    private static readonly Dictionary<string, string> BrowserAnswers = new(StringComparer.Ordinal)
    {
        ["window.hasOwnProperty"] = "true",
        ["mudpopoverHelper.countProviders"] = "1",
        ["mudResizeListener.getBrowserWindowSize"] = """{"height":720,"width":1280}""",
    };

    private readonly HubConnection _connection;
    private readonly HashSet<string> _jsFunctionsCalled = new(StringComparer.Ordinal);
    private readonly Func<RenderedElement, bool> _isTarget;
    private readonly TaskCompletionSource _interactive = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<long>? _nextBatch;
    private ulong _targetHandlerId;
    private int _targetComponentId = -1;

    /// <summary>Keeps a click and a batch's acknowledgement from crossing: the server forgets the
    /// handler ids a batch disposed once the batch is acknowledged, so a click must not carry an id
    /// read before an acknowledgement that reaches the server ahead of it ("There was an exception
    /// invoking 'DispatchEventAsync'" under load, when the layout re-rendered between two clicks).</summary>
    private readonly SemaphoreSlim _wire = new(1, 1);
    private long _rendererInterop = -1;
    private long _nextCallId;
    private string? _pendingClickCallId;
    private long _nextJsObjectId;

    private BlazorCircuitClient(HubConnection connection, Func<RenderedElement, bool> isTarget)
    {
        _connection = connection;
        _isTarget = isTarget;
    }

    /// <summary>Render batches received (and acknowledged).</summary>
    public int RenderBatches { get; private set; }

    /// <summary>The JS functions the server called (each answered as done).</summary>
    public IReadOnlyCollection<string> JSFunctionsCalled
    {
        get
        {
            lock (_jsFunctionsCalled)
                return [.. _jsFunctionsCalled];
        }
    }

    /// <summary>The error of the last click whose dispatch failed on the server, if one did.</summary>
    public string? LastEventError { get; private set; }

    /// <summary>Why the circuit failed (JS.Error from the server, or the connection closing), if it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>Opens <paramref name="path"/> with <paramref name="cookies"/> and starts its circuit; returns
    /// once a render batch has shown the element <paramref name="isTarget"/> picks with a click handler.</summary>
    public static async Task<BlazorCircuitClient> ConnectAsync(
        string baseUrl, string path, CookieContainer cookies, Func<RenderedElement, bool> isTarget, TimeSpan timeout)
    {
        string html;
        using (var http = RunningApp.NewClient(cookies))
            html = await http.GetStringAsync(baseUrl + path);
        var markers = ServerMarkers(html);
        if (markers.Count == 0)
            throw new InvalidOperationException($"{path} has no interactive server component markers.");
        var state = ServerStateComment().Match(html) is { Success: true } m ? m.Groups[1].Value : "";

        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseUrl + "/_blazor"), HttpTransportType.WebSockets, options =>
        {
            options.Cookies = cookies;
        });
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        var connection = builder.Build();
        // A loaded machine may leave the server's pings late; a dropped circuit would spoil the run.
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        var client = new BlazorCircuitClient(connection, isTarget);
        client.Listen();
        try
        {
            await connection.StartAsync();
            var circuitId = await connection.InvokeAsync<string?>("StartCircuit", baseUrl + "/", baseUrl + path, "[]", state);
            if (string.IsNullOrEmpty(circuitId))
                throw new InvalidOperationException($"The server refused to start a circuit for {path}.");
            var operations = new JsonObject
            {
                ["batchId"] = 1,
                ["operations"] = new JsonArray(markers.Select((marker, index) => (JsonNode)new JsonObject
                {
                    ["type"] = "add",
                    ["ssrComponentId"] = index + 1,
                    ["marker"] = marker,
                }).ToArray()),
            };
            await connection.SendAsync("UpdateRootComponents", operations.ToJsonString(), state);
            await client._interactive.Task.WaitAsync(timeout); // throws if the circuit failed first
            return client;
        }
        catch (TimeoutException)
        {
            await client.DisposeAsync();
            throw new TimeoutException($"{path}: no clickable target after {timeout.TotalSeconds:0} s "
                + $"({client.RenderBatches} batches, JS functions called: {string.Join(", ", client.JSFunctionsCalled)}).");
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Clicks the target and returns the milliseconds from sending the event to receiving the
    /// render batch it caused; -1 when the dispatch failed or no batch came within <paramref name="timeout"/>.</summary>
    public async Task<double> ClickAsync(TimeSpan timeout)
    {
        var batch = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        long sent;
        try
        {
            await _wire.WaitAsync();
            try
            {
                if (_targetHandlerId == 0 || _rendererInterop < 0 || Failure is not null)
                    return -1;
                Volatile.Write(ref _nextBatch, batch);
                var descriptor = $$"""{"eventHandlerId":{{_targetHandlerId}},"eventName":"click","eventFieldInfo":null}""";
                var callId = Interlocked.Increment(ref _nextCallId).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Volatile.Write(ref _pendingClickCallId, callId);
                sent = Stopwatch.GetTimestamp();
                await _connection.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", _rendererInterop, $"[{descriptor},{MouseClick}]");
            }
            finally
            {
                _wire.Release();
            }
            var received = await batch.Task.WaitAsync(timeout);
            return received < 0 ? -1 : Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds;
        }
        catch (Exception e) when (e is TimeoutException || _connection.State != HubConnectionState.Connected)
        {
            Interlocked.CompareExchange(ref _nextBatch, null, batch);
            return -1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.StopAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private void Listen()
    {
        _connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        _connection.On<long, string, string?, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJSAsync);
        _connection.On<string, bool, string?>("JS.EndInvokeDotNet", OnEndInvokeDotNet);
        _connection.On<int, string?>("JS.AttachComponent", (_, _) => { });
        _connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        _connection.On<string?>("JS.Error", error => Fail($"JS.Error: {error}"));
        _connection.Closed += error =>
        {
            Fail($"connection closed{(error is null ? "" : ": " + error.Message)}");
            return Task.CompletedTask;
        };
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] data)
    {
        var received = Stopwatch.GetTimestamp();
        RenderBatches++;
        string? error = null;
        await _wire.WaitAsync();
        try
        {
            var batch = RenderBatchReader.Read(data);
            FollowTarget(batch);
            if (_targetHandlerId != 0 && _rendererInterop >= 0)
                _interactive.TrySetResult();
            // A click's answer re-renders at least one component; an empty batch is not it.
            if (batch.UpdatedComponents > 0)
                Interlocked.Exchange(ref _nextBatch, null)?.TrySetResult(received);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            error = $"unreadable render batch: {e.Message}";
            Fail(error);
        }
        try
        {
            await _connection.SendAsync("OnRenderCompleted", batchId, error);
        }
        finally
        {
            _wire.Release();
        }
    }

    /// <summary>Follows the click target through a batch's changes in order: found where a component
    /// inserts it, then moved by that component's later SetAttribute edits of <c>onclick</c> (the
    /// target is one component's only clickable element, such as MudIconButton's button).</summary>
    private void FollowTarget(RenderBatchSummary batch)
    {
        foreach (var change in batch.Changes)
        {
            if (change.Inserted is { } element && _isTarget(element) && element.EventHandlers.TryGetValue("onclick", out var inserted))
                (_targetHandlerId, _targetComponentId) = (inserted, change.ComponentId);
            else if (change.HandlerName == "onclick" && change.ComponentId == _targetComponentId)
                _targetHandlerId = change.HandlerId;
        }
        if (batch.DisposedEventHandlerIds.Contains(_targetHandlerId))
            _targetHandlerId = 0;
    }

    /// <summary>Every argument the server sends must be bound, used or not: (asyncHandle, identifier,
    /// argsJson, resultType, targetInstanceId, callType), as blazor.web.js's beginInvokeJSFromDotNet takes them.</summary>
    /// <param name="resultType">JSCallResultType: 0 a value, 1 a JS object reference, 2 a stream, 3 nothing.</param>
    private async Task OnBeginInvokeJSAsync(long asyncHandle, string identifier, string? argsJson, int resultType, long targetInstanceId, int callType)
    {
        if (identifier == "Blazor._internal.attachWebRendererInterop" && argsJson is not null)
            _rendererInterop = DotNetObjectId(argsJson);
        lock (_jsFunctionsCalled)
            _jsFunctionsCalled.Add(identifier);
        if (asyncHandle == 0)
            return;
        var result = resultType == 1
            ? $$"""{"__jsObjectId":{{Interlocked.Increment(ref _nextJsObjectId)}}}"""
            : BrowserAnswers.GetValueOrDefault(identifier, "null");
        await _connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, $"[{asyncHandle},true,{result}]");
    }

    /// <summary>The event's own completion: a failed dispatch (an unknown handler id, a throwing handler)
    /// ends the click at once instead of waiting for a render batch that will not come.</summary>
    private void OnEndInvokeDotNet(string callId, bool succeeded, string? resultOrError)
    {
        if (succeeded || callId != Volatile.Read(ref _pendingClickCallId))
            return;
        LastEventError = resultOrError;
        Interlocked.Exchange(ref _nextBatch, null)?.TrySetResult(-1);
    }

    private void Fail(string why)
    {
        Failure ??= why;
        _interactive.TrySetException(new InvalidOperationException(why));
        Interlocked.Exchange(ref _nextBatch, null)?.TrySetResult(-1);
    }

    /// <summary>The first <c>{"__dotNetObject": id}</c> among the call's arguments.</summary>
    private static long DotNetObjectId(string argsJson)
    {
        using var arguments = JsonDocument.Parse(argsJson);
        foreach (var argument in arguments.RootElement.EnumerateArray())
        {
            if (argument.ValueKind == JsonValueKind.Object && argument.TryGetProperty("__dotNetObject", out var id))
                return id.GetInt64();
        }
        throw new InvalidDataException("attachWebRendererInterop carried no .NET object reference.");
    }

    /// <summary>The start markers of interactive server components (<c>&lt;!--Blazor:{"type":"server",…}--&gt;</c>),
    /// in document order, as blazor.web.js sends them back.</summary>
    private static List<JsonNode> ServerMarkers(string html) =>
        ComponentMarker().Matches(html)
            .Select(match => JsonNode.Parse(match.Groups[1].Value)!)
            .Where(marker => (string?)marker["type"] == "server")
            .ToList();

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->")]
    private static partial Regex ComponentMarker();

    [GeneratedRegex("<!--\\s*Blazor-Server-Component-State:([a-zA-Z0-9+/=]+)\\s*-->")]
    private static partial Regex ServerStateComment();
}
