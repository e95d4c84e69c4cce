using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>Follows the conversation as the transcript sees it: moves the stages along (MailKit's
/// ConnectAsync covers greeting, EHLO, STARTTLS and TLS in one call) and keeps the facts a
/// diagnosis needs: the last reply, the EHLO keywords, whether the final dot went out and was
/// answered. Work per line is constant, so a flood of lines costs linear time.</summary>
internal sealed class ConversationObserver
{
    private readonly StageTracker _stages;
    private readonly List<string> _reply = [];
    private readonly List<string> _ehlo = [];
    private bool _greetingBegun;
    private bool _inData;
    private bool _inEhlo;
    private bool _replyComplete = true;

    public ConversationObserver(SmtpTranscript transcript, StageTracker stages)
    {
        _stages = stages;
        transcript.ClientLine = OnClientLine;
        transcript.ServerLine = OnServerLine;
    }

    /// <summary>The server's last reply, all its lines.</summary>
    public string? LastReply => _reply.Count == 0 ? null : string.Join("\n", _reply);

    /// <summary>The first line of the last EHLO reply (the server's name) and its keywords.</summary>
    public string? EhloServer { get; private set; }
    public IReadOnlyList<string> EhloExtensions => [.. _ehlo];

    public bool OffersStartTls => _ehlo.Any(e => e.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase));

    /// <summary>The whole message and its end (the final dot, or BDAT LAST) went out.</summary>
    public bool EndOfDataSent { get; private set; }

    /// <summary>The server answered after the end of the message.</summary>
    public bool EndOfDataAnswered { get; private set; }

    private void OnClientLine(string line)
    {
        if (_inData)
        {
            if (line == ".")
            {
                _inData = false;
                EndOfDataSent = true;
            }
            return;
        }
        // What the server says next answers this command (EHLO twice with STARTTLS: the last one counts).
        _inEhlo = IsVerb(line, "EHLO") || IsVerb(line, "HELO");
        if (_inEhlo)
        {
            _ehlo.Clear();
            EhloServer = null;
            _stages.Begin(SmtpStage.Ehlo);
        }
        else if (IsVerb(line, "STARTTLS"))
            _stages.Begin(SmtpStage.StartTls);
        else if (IsVerb(line, "MAIL FROM"))
            _stages.Begin(SmtpStage.Message);
        else if (IsVerb(line, "BDAT") && line.EndsWith("LAST", StringComparison.OrdinalIgnoreCase))
            EndOfDataSent = true;
        else if (IsVerb(line, "QUIT"))
            _stages.Begin(SmtpStage.Quit);
    }

    private void OnServerLine(string line)
    {
        // A reply ends with a line whose code is followed by a space; the next line starts a new one
        // (also when replies to pipelined commands arrive together).
        if (_replyComplete)
            _reply.Clear();
        _reply.Add(line);
        _replyComplete = !(line.Length >= 4 && line[3] == '-');
        if (EndOfDataSent)
            EndOfDataAnswered = true;
        if (line.StartsWith("354", StringComparison.Ordinal) && _stages.Running == SmtpStage.Message)
            _inData = true;

        var running = _stages.Running;
        if (running == SmtpStage.StartTls && line.StartsWith("220", StringComparison.Ordinal))
            _stages.Begin(SmtpStage.Tls);
        else if (running == SmtpStage.Tls && !_greetingBegun)
            _stages.Begin(SmtpStage.Greeting);
        if (_stages.Running == SmtpStage.Greeting)
        {
            _greetingBegun = true;
            if (_reply.Count == 1)
                _stages.Describe(SmtpStage.Greeting, new StageFacts { ServerSaid = line });
        }
        else if (_inEhlo && line.Length > 4 && line.StartsWith("250", StringComparison.Ordinal))
        {
            if (EhloServer is null)
                EhloServer = line[4..];
            else
                _ehlo.Add(line[4..]);
        }
    }

    /// <summary>The greeting stage begins on the plain connection (STARTTLS, none) or, for
    /// implicit TLS, with the first line after the handshake.</summary>
    public void GreetingBegins() => _greetingBegun = true;

    private static bool IsVerb(string line, string verb) => line.StartsWith(verb, StringComparison.OrdinalIgnoreCase);
}
