namespace SmtpPortal.Fallback;

/// <summary>The fallback's words (Resources/Fallback/FallbackText.resx).</summary>
public sealed class FallbackText;
