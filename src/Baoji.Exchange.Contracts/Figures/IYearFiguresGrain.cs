namespace Baoji.Exchange.Contracts.Figures;

/// <summary>
/// The maintained figures of one partnership in one year, in one of its shards and generations (key:
/// "610300-320300/2024/03", or "610300-320300/2024/03/g2" for generation 2). Records send their
/// contributions tagged with their id and version; an old or repeated version changes nothing.
/// </summary>
[Alias("baoji.IYearFiguresGrain")]
public interface IYearFiguresGrain : IGrainWithStringKey
{
    /// <summary>Replaces what record <paramref name="recordId"/> contributes, unless a version as new was applied already.</summary>
    /// <remarks>
    /// Interleaves with itself: deltas arriving while one transaction is in flight are committed together in the next
    /// (one storage round trip for many records). Each call still completes only once its own delta is stored.
    /// </remarks>
    [Alias("Apply"), Orleans.Concurrency.AlwaysInterleave]
    Task Apply(string recordId, int version, IReadOnlyList<Contribution> contributions);

    /// <summary>scope → figure → value.</summary>
    /// <remarks>
    /// Interleaves with <see cref="Apply"/>: a report must not queue behind the deltas of a busy ingest. It sees
    /// the totals of the deltas committed so far, never half of one (they change only after a transaction succeeds).
    /// </remarks>
    [Alias("GetTotals"), Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> GetTotals();

    /// <summary>Deletes every row of this shard (a generation no longer read or built, when the next rebuild starts).</summary>
    [Alias("Reset")]
    Task Reset();

    /// <summary>
    /// Up to <paramref name="max"/> of the items a figure counts in a scope, each with the records that contribute it,
    /// in key order after <paramref name="after"/> (a <see cref="FigureItemsPage.Last"/> of an earlier page, or null).
    /// </summary>
    /// <remarks>Interleaves like <see cref="GetTotals"/>: it reads committed rows only and changes nothing.</remarks>
    [Alias("GetItemsPage"), Orleans.Concurrency.AlwaysInterleave]
    Task<FigureItemsPage> GetItemsPage(string scope, string figure, string? after, int max);

    /// <summary>
    /// Up to <paramref name="max"/> records as this shard last heard of them (version and contributions), in id order
    /// after <paramref name="after"/>: what the audit compares with the records' stored state.
    /// </summary>
    [Alias("GetSourcesPage"), Orleans.Concurrency.AlwaysInterleave]
    Task<FigureSourcesPage> GetSourcesPage(string? after, int max);
}

/// <param name="Last">Where the next page starts, or null when the items are all read.</param>
[GenerateSerializer, Immutable, Alias("baoji.FigureItemsPage")]
public sealed record FigureItemsPage(
    [property: Id(0)] IReadOnlyList<FigureItem> Items,
    [property: Id(1)] string? Last);

[GenerateSerializer, Immutable, Alias("baoji.FigureItem")]
public sealed record FigureItem(
    [property: Id(0)] string Key,
    [property: Id(1)] IReadOnlyList<string> RecordIds,
    [property: Id(2)] decimal Weight);

/// <param name="Last">The record id the next page starts after, or null when all are read.</param>
[GenerateSerializer, Immutable, Alias("baoji.FigureSourcesPage")]
public sealed record FigureSourcesPage(
    [property: Id(0)] IReadOnlyList<FigureSource> Items,
    [property: Id(1)] string? Last);

/// <summary>The last delta a shard applied for one record: its version and what it contributes (nothing once it left).</summary>
[GenerateSerializer, Immutable, Alias("baoji.FigureSource")]
public sealed record FigureSource(
    [property: Id(0)] string RecordId,
    [property: Id(1)] int Version,
    [property: Id(2)] IReadOnlyList<Contribution> Contributions);
