namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>Keeps the state of every stage of one run and reports each change. MailKit calls in
/// from its own threads (through the transcript), so every change is made under a lock.</summary>
public sealed class StageTracker
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly IProgress<StageReport>? _progress;
    private readonly Dictionary<SmtpStage, StageReport> _reports = [];
    private readonly IReadOnlyList<SmtpStage> _plan;
    private SmtpStage? _running;
    private long _runningSince;

    public StageTracker(IReadOnlyList<SmtpStage> plan, TimeProvider time, IProgress<StageReport>? progress)
    {
        _plan = plan;
        _time = time;
        _progress = progress;
        foreach (var stage in plan)
            Publish(new StageReport(stage, StageState.Pending, TimeSpan.Zero));
    }

    public SmtpStage? Running
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>Starts a stage; the one running before it ended well, since the conversation moved on.</summary>
    public void Begin(SmtpStage stage)
    {
        lock (_gate)
        {
            if (_running == stage || !_plan.Contains(stage) || _reports[stage].State is StageState.Ok or StageState.Failed)
                return;
            FinishRunning(StageState.Ok, null);
            _running = stage;
            _runningSince = _time.GetTimestamp();
            Publish(_reports[stage] with { State = StageState.Running });
        }
    }

    public void Complete(StageFacts? facts = null)
    {
        lock (_gate)
            FinishRunning(StageState.Ok, facts);
    }

    /// <summary>Adds what a stage found after it ended (e.g. EHLO capabilities known only once MailKit returns).</summary>
    public void Describe(SmtpStage stage, StageFacts facts)
    {
        lock (_gate)
        {
            if (_reports.TryGetValue(stage, out var report))
                Publish(report with { Facts = facts });
        }
    }

    /// <summary>Marks the running stage failed and every stage not reached as skipped.</summary>
    public void Fail()
    {
        lock (_gate)
        {
            FinishRunning(StageState.Failed, null);
            foreach (var stage in _plan.Where(s => _reports[s].State == StageState.Pending))
                Publish(_reports[stage] with { State = StageState.Skipped });
        }
    }

    public IReadOnlyList<StageReport> Snapshot()
    {
        lock (_gate)
            return [.. _plan.Select(s => _reports[s])];
    }

    private void FinishRunning(StageState state, StageFacts? facts)
    {
        if (_running is not { } stage)
            return;
        _running = null;
        var report = _reports[stage];
        Publish(report with
        {
            State = state,
            Duration = _time.GetElapsedTime(_runningSince),
            Facts = facts ?? report.Facts,
        });
    }

    private void Publish(StageReport report)
    {
        _reports[report.Stage] = report;
        _progress?.Report(report);
    }
}
