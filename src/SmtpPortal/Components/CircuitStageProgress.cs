using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Components;

/// <summary>A run's stage reports for a component that lists them: reports arrive on MailKit's
/// threads and are applied on the circuit's, one entry per stage, and only while the run is the
/// component's (the last reports of a run cancelled by leaving the page have no page to go to).</summary>
/// <param name="stages">The component's current list (it starts a new one per run), updated in place.</param>
/// <param name="accepting">Whether the component still runs this and is still on the page.</param>
/// <param name="onCircuit">The component's InvokeAsync.</param>
/// <param name="changed">The component's StateHasChanged.</param>
public sealed class CircuitStageProgress(
    Func<List<StageReport>> stages, Func<bool> accepting, Func<Action, Task> onCircuit, Action changed) : IProgress<StageReport>
{
    public void Report(StageReport value)
    {
        if (accepting())
            _ = onCircuit(() => Apply(value));
    }

    private void Apply(StageReport value)
    {
        if (!accepting())
            return;
        var list = stages();
        var index = list.FindIndex(s => s.Stage == value.Stage);
        if (index >= 0)
            list[index] = value;
        else
            list.Add(value);
        changed();
    }
}
