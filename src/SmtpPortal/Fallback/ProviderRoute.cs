namespace SmtpPortal.Fallback;

/// <summary>Which provider the relay delivers through.</summary>
public enum ProviderRoute
{
    Main,
    Fallback,
}
