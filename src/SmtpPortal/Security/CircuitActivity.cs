using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SmtpPortal.Security;

/// <summary>When the admin last did something in this circuit (a click, a keystroke). A circuit
/// sends no HTTP requests, so the cookie's sliding expiry cannot see this activity; the
/// circuit's own idle limit is measured from here instead.</summary>
public sealed class CircuitActivity(TimeProvider time)
{
    public DateTimeOffset LastActivity { get; private set; } = time.GetUtcNow();

    public void Touch() => LastActivity = time.GetUtcNow();

    /// <summary>Records every inbound message of the circuit the handler belongs to.</summary>
    public sealed class Tracker(CircuitActivity activity) : CircuitHandler
    {
        public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(
            Func<CircuitInboundActivityContext, Task> next) =>
            context =>
            {
                activity.Touch();
                return next(context);
            };
    }
}
