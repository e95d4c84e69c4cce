namespace SmtpPortal.Relay;

/// <summary>Tells whoever watches the send log (the Sent mail page, the Dashboard) that a
/// message changed: accepted, attempted, held, retried or deleted.</summary>
public sealed class SendLogUpdates
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change after it was read.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
