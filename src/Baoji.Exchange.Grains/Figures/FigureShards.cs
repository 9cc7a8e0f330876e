using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Storage;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// The figures of a partnership-year are kept in <see cref="Count"/> grains (and table partitions), so deltas
/// of many records are applied in parallel. A record always goes to one shard; a staff placement goes to the
/// shard of its person, so that the two placements of one person meet in one shard and count once. A report
/// adds the shards up: a fixed handful of grain calls however many records there are.
/// </summary>
public static class FigureShards
{
    /// <summary>Part of every stored figure key: changing it needs a rebuild of the figures.</summary>
    public const int Count = 16;

    public static int ShardOf(LedgerRecord record) => record.Body switch
    {
        StaffExchangeBody s => Hash($"{s.HomeOrgId}|{s.PersonRef}"),
        _ => Hash(record.Id),
    };

    /// <summary>The key of a shard in generation 0, which is also how records name the shards they contribute to.</summary>
    public static string Key(string partnership, int year, int shard) => $"{partnership}/{year}/{shard:D2}";

    /// <summary>
    /// The key of a shard in a generation of the figures (see <see cref="Contracts.Figures.IFiguresGenerationGrain"/>).
    /// Generation 0 keeps the keys the figures had before there were generations, so figures stored then stay current.
    /// </summary>
    public static string InGeneration(string key, int generation) => generation == 0 ? key : $"{key}/g{generation}";

    public static IEnumerable<string> KeysOf(string partnership, int year, int generation = 0) =>
        Enumerable.Range(0, Count).Select(s => InGeneration(Key(partnership, year, s), generation));

    /// <summary>The partnership-year of a shard key: the key of its generation pointer ("610300-320300/2024").</summary>
    public static string YearKey(string partnership, int year) => $"{partnership}/{year}";

    public static string YearKeyOf(string key)
    {
        var parts = key.Split('/');
        return $"{parts[0]}/{parts[1]}";
    }

    public static int YearOf(string key) => int.Parse(key.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static int Hash(string text) => StableKeys.Bucket(text, Count);
}
