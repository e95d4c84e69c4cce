using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>The audit log as stored: typed entries for assertions, and every column of every row
/// as raw text, so a leak check also covers columns added later.</summary>
internal static class AuditTable
{
    public static async Task<IReadOnlyList<AuditEntry>> EntriesAsync(IDbContextFactory<PortalDbContext> dbFactory, AuditAction action)
    {
        await using var db = await dbFactory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<string> RawTextAsync(IDbContextFactory<PortalDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM AuditEntries";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var text = new System.Text.StringBuilder();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            for (var i = 0; i < reader.FieldCount; i++)
                text.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
        return text.ToString();
    }
}
