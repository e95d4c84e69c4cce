using System.Text;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Tests.Smtp;

public sealed class SecretRedactorTests
{
    private const string User = "me@example.test";
    private const string Password = "hunter2 ✓ \"x\"";
    private readonly SecretRedactor _redactor = new(User, Password);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("C: AUTH PLAIN {0}", "\0me@example.test\0hunter2 ✓ \"x\"")]
    [InlineData("C: {0}", "hunter2 ✓ \"x\"")]
    [InlineData("C: AUTH PLAIN {0}", "admin\0me@example.test\0hunter2 ✓ \"x\"")]
    [InlineData("C: {0}", "xy hunter2 ✓ \"x\" z")]
    public void EveryBase64FormOfThePasswordIsRemoved(string line, string secret)
    {
        var redacted = _redactor.Redact(string.Format(line, B64(secret)));

        Assert.DoesNotContain(B64(secret), redacted);
        Assert.Contains(SmtpTranscript.Redacted, redacted);
    }

    [Fact]
    public void ThePlainPasswordIsRemovedAndOrdinaryLinesStayAsTheyAre()
    {
        Assert.Equal($"C: PASS {SmtpTranscript.Redacted}", _redactor.Redact($"C: PASS {Password}"));
        Assert.Equal("S: 250 2.0.0 OK queued as ABCD", _redactor.Redact("S: 250 2.0.0 OK queued as ABCD"));
        Assert.Equal("S: 334 VXNlcm5hbWU6", _redactor.Redact("S: 334 VXNlcm5hbWU6"));
    }
}
