using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;

namespace SmtpPortal.Export;

/// <summary>One way of writing the settings down for an app. Each implementation names where its
/// keys and security-mode words come from, so a reviewer can check them against the app.</summary>
public abstract class ExportFormat
{
    /// <summary>Short id used by the command line, the API and the download's file name.</summary>
    public abstract string Id { get; }

    /// <summary>The app and where its settings go, in the UI language (key "Name_&lt;id&gt;").</summary>
    public string Name => Text["Name_" + Id];

    /// <summary>Where the text goes, in one line, in the UI language: a template from
    /// Resources/Export/ExportFormat.resx (key "Instructions_&lt;id&gt;") whose {0}, {1}… are
    /// <see cref="InstructionCode"/>, the file names and commands it quotes, which the page shows as code.</summary>
    public string InstructionsTemplate => Text["Instructions_" + Id];

    public virtual IReadOnlyList<string> InstructionCode => [];

    /// <summary>The instructions as plain text, the code filled in.</summary>
    public string Instructions => string.Format(System.Globalization.CultureInfo.InvariantCulture, InstructionsTemplate, [.. InstructionCode]);

    public abstract string FileName { get; }

    /// <summary>The app's own documentation for these keys.</summary>
    public abstract string DocsUrl { get; }

    public virtual string ContentType => "text/plain";

    /// <summary>The text with its comments in the current UI language; the API and the command
    /// line run in English (docs/decisions/0022-localization.md).</summary>
    public abstract string Render(ExportValues values);

    /// <summary>The words of exports: instructions and the comments inside the texts.</summary>
    protected internal static readonly IStringLocalizer Text = StaticLocalizer.For(typeof(ExportFormat));

    /// <summary>"SMTP settings exported by SmtpPortal for Gitea.", the first comment of most texts.</summary>
    protected static string ExportedFor(string app) => Text["ExportedFor", app];
}
