namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// Row keys of one partnership-year partition of the figures table. Everything a delta touches lives in one
/// partition, so one entity-group transaction applies it atomically: the record's last version, its
/// contributions, the shared items and the totals move together or not at all.
/// </summary>
internal static class FigureRows
{
    public const string TableName = "BaojiFigures";

    /// <summary>Table keys may not contain '/', so the grain key "610300-320300/2024/03" becomes "&lt;service&gt;_610300-320300_2024_03".</summary>
    public static string Partition(string serviceId, string grainKey) => $"{serviceId}_{grainKey.Replace('/', '_')}";

    public const string SourcePrefix = "src|";

    /// <summary>The last version and contributions of one record.</summary>
    public static string Source(string recordId) => SourcePrefix + recordId;

    /// <summary>A shared item (a person) of a figure in a scope, with the records that contribute it.</summary>
    public static string ItemPrefix(string scope, string figure) => $"item|{scope}|{figure}|";

    public static string Item(string scope, string figure, string key) => ItemPrefix(scope, figure) + key;

    public const string TotalsPrefix = "total|";

    public static string Totals(string scope) => TotalsPrefix + scope;
}
