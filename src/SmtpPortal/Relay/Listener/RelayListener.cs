using System.Net;
using System.Net.Sockets;

namespace SmtpPortal.Relay.Listener;

/// <summary>The relay's TCP listeners: accepts connections on every configured endpoint and runs
/// a <see cref="SubmissionSession"/> for each, up to <see cref="RelayOptions.MaxConnections"/>
/// at once; beyond that a client is told to come back (421) and disconnected.</summary>
public sealed class RelayListener : IAsyncDisposable
{
    private readonly SessionServices _services;
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _acceptLoops = [];
    private readonly HashSet<Task> _sessions = [];
    private readonly Lock _gate = new();

    private RelayListener(SessionServices services) => _services = services;

    /// <summary>Where it actually listens (port 0 in the configuration becomes the port chosen).</summary>
    public IReadOnlyList<IPEndPoint> LocalEndpoints => [.. _listeners.Select(l => (IPEndPoint)l.LocalEndpoint)];

    /// <summary>Binds every endpoint or none: a port in use throws <see cref="SocketException"/>.</summary>
    public static RelayListener Start(IReadOnlyList<IPEndPoint> endpoints, SessionServices services)
    {
        var listener = new RelayListener(services);
        try
        {
            foreach (var endpoint in endpoints)
            {
                var tcp = new TcpListener(endpoint);
                if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
                    tcp.Server.DualMode = true;
                tcp.Start(backlog: 512);
                listener._listeners.Add(tcp);
            }
        }
        catch
        {
            foreach (var tcp in listener._listeners)
                tcp.Stop();
            throw;
        }
        foreach (var tcp in listener._listeners)
            listener._acceptLoops.Add(Task.Run(() => listener.AcceptAsync(tcp)));
        return listener;
    }

    private async Task AcceptAsync(TcpListener tcp)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await tcp.AcceptSocketAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex) when (!_stopping.IsCancellationRequested)
            {
                _services.Logger.LogWarning("The relay could not accept a connection: {Reason}", ex.Message);
                continue;
            }
            socket.NoDelay = true;
            lock (_gate)
            {
                if (_sessions.Count >= _services.Options.MaxConnections)
                {
                    _ = TurnAwayAsync(socket);
                    continue;
                }
                var session = Task.Run(() => new SubmissionSession(socket, _services, _stopping.Token).RunAsync());
                _sessions.Add(session);
                _ = session.ContinueWith(done => { lock (_gate) _sessions.Remove(done); }, TaskScheduler.Default);
            }
        }
    }

    private async Task TurnAwayAsync(Socket socket)
    {
        var client = (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString();
        _services.Refusals.Record(RelayRefusalKind.TooManyConnections, client, null, $"limit {_services.Options.MaxConnections}");
        try
        {
            using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var reply = System.Text.Encoding.ASCII.GetBytes(
                $"421 4.7.0 Too many connections to the relay (limit {_services.Options.MaxConnections}); try again in a moment\r\n");
            await socket.SendAsync(reply, SocketFlags.None, brief.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>Stops accepting, tells open sessions the relay is going down and waits for them
    /// (a session storing a message finishes that first).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var tcp in _listeners)
            tcp.Stop();
        await Task.WhenAll(_acceptLoops);
        Task[] open;
        lock (_gate)
            open = [.. _sessions];
        await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }
}
