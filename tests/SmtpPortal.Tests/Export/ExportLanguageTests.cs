using SmtpPortal.Export;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Export;

/// <summary>An export's comments, name and instructions are in the admin's language; the keys and
/// values an app reads are the same in both.</summary>
public sealed class ExportLanguageTests
{
    private static readonly ExportValues Values = new("smtp.qq.com", 587, SecurityMode.SslOnConnect, "12345@qq.com",
        ExportValues.PasswordPlaceholder, "12345@qq.com", "Server", null);

    public static TheoryData<string> Formats() => [.. ExportCatalog.Ids];

    [Theory]
    [MemberData(nameof(Formats))]
    public void AChineseAdminGetsChineseCommentsAroundTheSameSettings(string id)
    {
        var format = ExportCatalog.Find(id)!;
        var english = format.Render(Values);
        string chinese;
        using (new UiCultureScope("zh-CN"))
            chinese = format.Render(Values);

        Assert.Equal(Settings(english), Settings(chinese));
        if (id != "json")
        {
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", chinese);
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryFormatHasANameAndInstructionsInBothLanguages(string id)
    {
        var format = ExportCatalog.Find(id)!;
        Assert.DoesNotContain("_", format.Name);
        Assert.DoesNotContain("Instructions_", format.Instructions);
        using var chinese = new UiCultureScope("zh-CN");
        Assert.DoesNotContain("Name_", format.Name);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", format.Instructions);
        Assert.All(format.InstructionCode, code => Assert.Contains(code, format.Instructions));
    }

    /// <summary>A Grafana export's warnings are comments too, and so in the admin's language.</summary>
    [Fact]
    public void GrafanasPortWarningIsInChinese()
    {
        using var chinese = new UiCultureScope("zh-CN");

        var text = ExportCatalog.Find("grafana")!.Render(Values);

        Assert.Contains("# 警告：Grafana 只在 465 端口使用直连加密", text);
    }

    /// <summary>The lines an app reads: everything but comments.</summary>
    private static string[] Settings(string text) => [.. text.Split('\n')
        .Where(line => !line.StartsWith('#') && !line.StartsWith("//", StringComparison.Ordinal) && !line.StartsWith(';'))];
}
