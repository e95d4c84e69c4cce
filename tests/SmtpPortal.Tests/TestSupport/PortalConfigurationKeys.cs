using System.Reflection;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>
/// The configuration keys the portal binds: each options class names its section in a
/// <c>Section</c> constant, and its settable properties are the keys below it. A deployment file
/// that sets anything else sets a key nobody reads.
/// </summary>
public static class PortalConfigurationKeys
{
    public static IReadOnlySet<string> All { get; } = typeof(Program).Assembly.GetTypes()
        .Select(type => (type, section: type.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
        .Where(found => found.section is { IsLiteral: true } && found.section.FieldType == typeof(string))
        .SelectMany(found => found.type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanWrite)
            .Select(property => $"{found.section!.GetRawConstantValue()}:{property.Name}"))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The key an environment variable sets (<c>SmtpPortal__ReverseProxy__KnownNetworks__0</c>
    /// sets an element of <c>SmtpPortal:ReverseProxy:KnownNetworks</c>), if the portal reads it.</summary>
    public static bool IsRead(string environmentVariable)
    {
        var segments = environmentVariable.Split("__").ToList();
        if (segments.Count > 1 && int.TryParse(segments[^1], out _))
            segments.RemoveAt(segments.Count - 1);
        return All.Contains(string.Join(':', segments));
    }
}
