using Baoji.Exchange.Server.Imports;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>What the 导入 page shows of an import: whether it may be committed, and the commit's progress.</summary>
public static class ImportSteps
{
    /// <summary>A preview without row errors and with rows in it may be committed (the service refuses the rest with 409).</summary>
    public static bool CanCommit(ImportStatus import) =>
        import.State == ImportStates.Previewed && import.ErrorRows == 0 && import.Total > 0;

    /// <summary>The commit's progress in percent: rows done of all rows, 100 once completed.</summary>
    public static int Percent(ImportStatus import) =>
        import.State == ImportStates.Completed || import.Total == 0 ? 100 : Math.Clamp(import.Done * 100 / import.Total, 0, 100);
}
