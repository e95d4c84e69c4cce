using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmtpPortal.Api;
using SmtpPortal.Cli;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.Api;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Settings;

/// <summary>What the outside evaluation slipped past validation: control characters (NUL above
/// all) in any field, addresses only MimeKit's parser refuses, a half-bracketed IPv6 host, and
/// secrets changed silently (trimmed, or invalid UTF-8 stored as U+FFFD). Through the API, the
/// command line and the store, in English and Chinese.</summary>
public sealed class InputValidationTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, object?> Valid() => new()
    {
        ["preset"] = "custom", ["host"] = "smtp.example.com", ["port"] = 587, ["security"] = "starttls",
        ["username"] = "mailer", ["password"] = "a password", ["fromAddress"] = "server@example.com",
        ["fromName"] = "Server", ["replyTo"] = null,
    };

    [Theory]
    [InlineData("username", "mail\0er", "Character 5 is the invisible control character U+0000: remove it.")]
    [InlineData("fromName", "Ser\u0007ver", "Character 4 is the invisible control character U+0007: remove it.")]
    [InlineData("password", "pass\0word", "Character 5 is the invisible control character U+0000: remove it.")]
    [InlineData("password", "pass\tword", "Character 5 is the invisible control character U+0009: remove it.")]
    [InlineData("password", "   ", "The password is only spaces. Enter the real password, or leave the field empty to keep the stored one.")]
    [InlineData("host", "smtp.exa\0mple.com", "Character 9 is the invisible control character U+0000: remove it.")]
    [InlineData("host", "[::1", "Write an IPv6 address either inside both brackets, like [2001:db8::1], or without brackets.")]
    [InlineData("host", "::1]", "Write an IPv6 address either inside both brackets, like [2001:db8::1], or without brackets.")]
    [InlineData("fromAddress", "a@b@x.example", "The part before @ in the From address contains characters mail servers refuse.")]
    [InlineData("fromAddress", "from:x@example.com", "The part before @ in the From address contains characters mail servers refuse.")]
    [InlineData("fromAddress", "server\0@example.com", "Character 7 is the invisible control character U+0000: remove it.")]
    [InlineData("replyTo", "a@b@x.example", "The part before @ in the Reply-To address contains characters mail servers refuse.")]
    [InlineData("replyTo", "Ops <ops@example.com>", "The part before @ in the Reply-To address contains characters mail servers refuse.")]
    public async Task TheApiRefusesTheFieldWithTheReasonAndStoresNothing(string field, string value, string reason)
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Write);
        var body = Valid();
        body[field] = value;

        // Accept-Language is ignored: the API speaks English.
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/settings") { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(reason, Assert.Single(errors.EnumerateObject(), e => e.Name == field).Value[0].GetString());
        Assert.Null(await api.Get<SmtpSettingsStore>().GetAsync(Ct));
    }

    [Theory]
    [InlineData("[::1]")]
    [InlineData("::1")]
    [InlineData("smtp.例子.测试")]
    public void GoodHostsStillPass(string host) => Assert.Null(InputRules.CheckHost(host));

    [Theory]
    [InlineData("ops@example.com")]
    [InlineData("ops.team+alerts@mail.example.com")]
    [InlineData("ops@例子.测试")]
    public void GoodAddressesStillPass(string address) => Assert.Null(InputRules.CheckEmail(address, AddressRole.Recipient));

    [Theory]
    [InlineData("a[b]@example.com")]
    public void WhatOnlyMimeKitRefusesIsRefusedBeforeItIsSaved(string address) =>
        Assert.Equal("Enter the recipient as one plain address like name@example.com, without a name, quotes or other text around it.",
            InputRules.CheckEmail(address, AddressRole.Recipient));

    [Fact]
    public async Task ARecipientWithANulIsRefusedBeforeAnythingIsSent()
    {
        await using var server = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        Assert.True((await api.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(server), null, Ct)).Succeeded);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Test);

        var response = await client.PostAsJsonAsync("/api/settings/test", new { to = "ops\0@example.com" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("U+0000", await response.Content.ReadAsStringAsync(Ct));
        Assert.Empty(server.Logins);
    }

    [Fact]
    public async Task APasswordIsKeptExactlyAsGivenSpacesIncluded()
    {
        const string spaced = "  spaced secret  ";
        await using var server = LocalSmtpServer.Plain();
        server.AcceptedPasswords[spaced] = true;
        await using var api = new ApiPortal(_data.Path);
        var store = api.Get<SmtpSettingsStore>();

        Assert.True((await store.SaveAsync(LocalSettings.For(server, spaced), null, Ct)).Succeeded);
        var outcome = await api.Get<TestEmailService>().SendAsync("ops@example.com", Requester.Admin(new SmtpPortal.History.AuditActor("admin", null)), null, Ct);

        Assert.True(outcome.Succeeded, outcome.Diagnosis.Category.ToString());
        Assert.Equal((LocalSmtpServer.UserName, spaced), Assert.Single(server.Logins));
    }

    [Fact]
    public async Task TheCommandLineRefusesInvalidUtf8AndKeepsAValidPasswordExactly()
    {
        var overrides = new Dictionary<string, string?> { ["SmtpPortal:DataDirectory"] = _data.Path };
        async Task<(int Exit, string Error)> SetAsync(byte[] stdin)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await PortalCommandLine.RunAsync(
                ["settings", "set", "--host", "smtp.example.com", "--port", "587", "--username", "mailer", "--from", "server@example.com", "--password-stdin",
                    "--save-without-testing"],
                new CliConsole(output, error, new MemoryStream(stdin)), overrides, Ct);
            return (exit, error.ToString());
        }

        var invalid = await SetAsync([.. Encoding.UTF8.GetBytes("pass"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("word\n")]);
        Assert.Equal(ExitCodes.Invalid, invalid.Exit);
        Assert.Contains("--password-stdin: standard input is not valid UTF-8 (byte 4 of the input)", invalid.Error);

        var nul = await SetAsync(Encoding.UTF8.GetBytes("pass\0word\n"));
        Assert.Equal(ExitCodes.Invalid, nul.Exit);
        Assert.Contains("--password-stdin: Character 5 is the invisible control character U+0000: remove it.", nul.Error);

        Assert.Equal(0, (await SetAsync(Encoding.UTF8.GetBytes(" exact secret \n"))).Exit);
        await using var portal = new PortalFactory(_data.Path);
        Assert.Equal(" exact secret ", (await portal.Get<SmtpConnections>().ForStoredSettingsAsync(Ct)).Connection!.Password);
    }

    [Fact]
    public void TheMessagesReadInChinese()
    {
        using var _ = new UiCultureScope("zh-CN");

        Assert.Equal("第 5 个字符是不可见的控制字符 U+0000，请删除。", InputRules.CheckHeaderText("mail\0er", 320));
        Assert.Equal("发件人地址中 @ 前面的部分包含邮件服务器不接受的字符。", InputRules.CheckEmail("a@b@x.example", AddressRole.From));
        Assert.Equal("请输入收件人地址。", InputRules.CheckEmail("", AddressRole.Recipient));
        Assert.Equal("IPv6 地址要么用一对完整的方括号括起来（如 [2001:db8::1]），要么不加方括号。", InputRules.CheckHost("[::1"));
        var input = new SmtpSettingsInput { Host = "smtp.example.com", Port = 587, FromAddress = "a@example.com", Username = "" };
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(input, new(input), errors, true);
        Assert.Contains(errors, e => e.ErrorMessage == "请输入该服务商要求的用户名（见提示）。");
    }
}
