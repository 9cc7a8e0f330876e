using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Storage;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// Where a partnership-year's figures are kept. An earlier release kept them in <see cref="Count"/> grains (and table
/// partitions), one delta per transaction, so that deltas of many records were applied in parallel; a record always
/// went to one shard, a staff placement to the shard of its person, so that the two placements of one person met in
/// one shard and counted once. Generations started since are kept in one shard ("…/all"), whose grain commits the
/// deltas that arrive together in one transaction with one totals row per scope
/// (<see cref="Contracts.Figures.FiguresGeneration.OneShardFrom"/>). Records still name their earlier shard as the
/// target they count in (<see cref="Key"/>); <see cref="GrainKeyOf"/> maps it to the grain of each generation.
/// </summary>
public static class FigureShards
{
    /// <summary>Part of every stored figure key of the earlier layout: changing it needs a rebuild of the figures.</summary>
    public const int Count = 16;

    private const string OneShard = "all";

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

    /// <summary>The grain that keeps what <paramref name="target"/> (a record's shard key) counts in <paramref name="generation"/>.</summary>
    public static string GrainKeyOf(string target, int generation, bool oneShard) =>
        InGeneration(oneShard ? $"{YearKeyOf(target)}/{OneShard}" : target, generation);

    /// <summary>The grains of one generation of a partnership-year: one, or the earlier layout's <see cref="Count"/>.</summary>
    public static IReadOnlyList<string> KeysOf(string partnership, int year, int generation, bool oneShard) => oneShard
        ? [InGeneration($"{YearKey(partnership, year)}/{OneShard}", generation)]
        : [.. Enumerable.Range(0, Count).Select(s => InGeneration(Key(partnership, year, s), generation))];

    /// <summary>The grains of <paramref name="generation"/> as <paramref name="generations"/> says it is kept.</summary>
    public static IReadOnlyList<string> KeysOf(string partnership, int year, int generation, FiguresGeneration generations) =>
        KeysOf(partnership, year, generation, generations.IsOneShard(generation));

    /// <summary>
    /// The table partitions the earlier layout kept a partnership-year in (shards "00" to "15", of any generation), as a
    /// key range [from, to): the one-shard layout's partition ("…_all") lies outside it.
    /// </summary>
    public static (string From, string To) EarlierShardPartitions(string serviceId, string yearKey) =>
        (FigureRows.Partition(serviceId, $"{yearKey}/0"), FigureRows.Partition(serviceId, $"{yearKey}/2"));

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
