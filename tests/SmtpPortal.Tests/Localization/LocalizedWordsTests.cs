using System.Reflection;
using Bunit;
using MudBlazor;
using SmtpPortal.Api;
using SmtpPortal.Components.Pages.Account;
using SmtpPortal.Data;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Localization;

/// <summary>Words chosen by a value (an enum, a scope, a validation property) exist for every
/// value in Chinese: a key built from a name is invisible to the source check, so each is asked
/// for here and must come back as Chinese, not as its key or the English.</summary>
public sealed class LocalizedWordsTests : BunitContext
{
    public LocalizedWordsTests() => this.AddSmtpPortalTestServices();

    private static void AssertChinese(string text, string what) =>
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, @"\p{IsCJKUnifiedIdeographs}") || text is "STARTTLS",
            $"{what} reads \"{text}\" in Chinese");

    [Fact]
    public void EveryValueThatChoosesItsWordsHasThemInChinese()
    {
        using var chinese = new UiCultureScope("zh-CN");

        foreach (var outcome in Enum.GetValues<RestoreOutcome>())
            AssertChinese(outcome.Describe(), $"RestoreOutcome.{outcome}");
        foreach (var kind in Enum.GetValues<SecretKind>())
            AssertChinese(kind.SecretLabel(), $"SecretKind.{kind}");
        foreach (var form in Enum.GetValues<UsernameForm>())
        {
            AssertChinese(form.UsernameHint(), $"UsernameForm.{form} hint");
            AssertChinese(form.Describe(), $"UsernameForm.{form}");
        }
        foreach (var mode in Enum.GetValues<SecurityMode>())
            AssertChinese(mode.DescribeForUi(), $"SecurityMode.{mode}");
        foreach (var (_, name, description) in ApiScopeNames.All)
            AssertChinese(description, $"scope {name}");
        foreach (var property in typeof(AccountValidation).GetProperties(BindingFlags.Public | BindingFlags.Static))
            AssertChinese((string)property.GetValue(null)!, $"AccountValidation.{property.Name}");
    }

    [Fact]
    public void MudBlazorsOwnWordsAreChineseToo()
    {
        using var chinese = new UiCultureScope("zh-CN");

        var alert = Render<MudAlert>(p => p.Add(a => a.ShowCloseIcon, true));

        Assert.Contains("aria-label=\"关闭\"", alert.Markup);
    }
}
