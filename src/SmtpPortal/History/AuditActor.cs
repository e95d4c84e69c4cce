namespace SmtpPortal.History;

/// <summary>Who acts and from which address, as the audit log records it.</summary>
public sealed record AuditActor(string Name, string? RemoteAddress)
{
    public static readonly AuditActor Unknown = new("(unknown)", null);

    /// <summary>The signed-in admin of a server-rendered request, from the client's address.</summary>
    public static AuditActor Of(HttpContext http) =>
        new(http.User.Identity?.Name ?? Unknown.Name, http.Connection.RemoteIpAddress?.ToString());
}

/// <summary>
/// The remote address of the admin behind one Blazor circuit. A circuit has no HttpContext
/// once it runs, so App.razor reads the address while it renders the page request and hands it
/// to Routes as a parameter (Blazor protects the prerendered parameters against tampering);
/// Routes stores it here, in the circuit's scope. Behind a reverse proxy, enable forwarded
/// headers so that this is the client's address, not the proxy's.
/// </summary>
public sealed class CircuitRemoteAddress
{
    public string? Value { get; set; }

    public AuditActor For(string? adminName) =>
        new(string.IsNullOrEmpty(adminName) ? AuditActor.Unknown.Name : adminName, Value);
}
