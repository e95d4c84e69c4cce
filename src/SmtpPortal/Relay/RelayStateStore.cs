using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;

namespace SmtpPortal.Relay;

/// <summary>Turns the relay on and off and changes its run-time switches, with a History entry
/// for each change. The running portal notices within <see cref="RelayListenerService.PollInterval"/>,
/// whether the change came from its own pages, the API or the command line.</summary>
public sealed class RelayStateStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public async Task<RelayState> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RelayStates.AsNoTracking().SingleOrDefaultAsync(ct) ?? new RelayState();
    }

    /// <summary>Returns whether anything changed (turning on a relay that is on is no event).</summary>
    public Task<bool> SetEnabledAsync(bool enabled, AuditActor actor, CancellationToken ct = default) =>
        ChangeAsync(state => state.Enabled == enabled ? null : (s => s.Enabled = enabled,
            enabled ? AuditAction.RelayTurnedOn : AuditAction.RelayTurnedOff, AuditText.Of(enabled ? "NoteRelayOn" : "NoteRelayOff")),
            actor, ct);

    public Task<bool> SetRecordSubjectsAsync(bool record, AuditActor actor, CancellationToken ct = default) =>
        ChangeAsync(state => state.RecordSubjects == record ? null : (s => s.RecordSubjects = record,
            AuditAction.RelaySettingsChanged, AuditText.Of(record ? "NoteSubjectsKept" : "NoteSubjectsNotKept")),
            actor, ct);

    private async Task<bool> ChangeAsync(
        Func<RelayState, (Action<RelayState> Apply, AuditAction Action, AuditText Details)?> change, AuditActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var state = await db.RelayStates.SingleOrDefaultAsync(ct);
        if (state is null)
        {
            state = new RelayState();
            db.RelayStates.Add(state);
        }
        if (change(state) is not { } what)
            return false;
        var now = time.GetUtcNow();
        what.Apply(state);
        state.ChangedAt = now;
        state.ChangedBy = actor.Name;
        db.AuditEntries.Add(AuditEntry.Of(what.Action, actor, now, what.Details));
        await db.SaveChangesAsync(ct);
        return true;
    }
}
