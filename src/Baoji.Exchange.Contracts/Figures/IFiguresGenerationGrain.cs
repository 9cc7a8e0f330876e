namespace Baoji.Exchange.Contracts.Figures;

/// <summary>
/// Which generation of a partnership-year's figures reports read, and which one a rebuild is building beside it
/// (key: "610300-320300/2024"). Generation 0 is the figures as they were first kept; a rebuild builds generation n
/// while every change still goes to the current one too, and switches only when the new one is complete.
/// </summary>
[Alias("baoji.IFiguresGenerationGrain")]
public interface IFiguresGenerationGrain : IGrainWithStringKey
{
    /// <summary>The generations as last stored; a projection asks this for every change, after the record's state write.</summary>
    /// <remarks>Interleaves: it answers from memory what is already stored, so projections do not queue behind a rebuild's switch.</remarks>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<FiguresGeneration> Get();

    /// <summary>Starts building a new generation (a fresh number, never one used before) and returns it.</summary>
    [Alias("StartBuilding")]
    Task<FiguresGeneration> StartBuilding();

    /// <summary>Makes the building generation <paramref name="generation"/> current; the old one becomes stale.</summary>
    [Alias("Complete")]
    Task<FiguresGeneration> Complete(int generation);

    /// <summary>Gives up building <paramref name="generation"/> (a failed rebuild): changes stop going there, it becomes stale.</summary>
    [Alias("Abandon")]
    Task<FiguresGeneration> Abandon(int generation);

    /// <summary>Forgets stale generations whose rows are deleted.</summary>
    [Alias("Forget")]
    Task Forget(IReadOnlyList<int> generations);
}

/// <param name="Current">The generation reports read.</param>
/// <param name="Building">The generation a rebuild is filling, which every change is sent to as well; null when none is.</param>
/// <param name="Stale">Generations no longer read or built whose rows may still be stored (deleted by the next rebuild).</param>
/// <param name="OneShardFrom">
/// The first generation kept in one shard (one grain and table partition for the year); earlier generations keep the
/// 16 shards an earlier release wrote them in, until a rebuild replaces them.
/// </param>
[GenerateSerializer, Immutable, Alias("baoji.FiguresGeneration")]
public sealed record FiguresGeneration(
    [property: Id(0)] int Current,
    [property: Id(1)] int? Building,
    [property: Id(2)] IReadOnlyList<int> Stale,
    [property: Id(3)] int OneShardFrom)
{
    public static readonly FiguresGeneration Initial = new(0, null, [], 0);

    /// <summary>Whether <paramref name="generation"/> is kept in one shard (else in the earlier release's 16).</summary>
    public bool IsOneShard(int generation) => generation >= OneShardFrom;

    /// <summary>The generations a change is sent to: the current one, and the one being built.</summary>
    public IEnumerable<int> Written => Building is { } building ? [Current, building] : [Current];
}
