namespace Baoji.Exchange.Grains.Figures;

[GenerateSerializer, Alias("baoji.FiguresGenerationState")]
public sealed class FiguresGenerationState
{
    [Id(0)] public int Current { get; set; }

    [Id(1)] public int? Building { get; set; }

    /// <summary>The highest generation ever started, so a number is never used twice (an abandoned one may hold rows).</summary>
    [Id(2)] public int Latest { get; set; }

    [Id(3)] public List<int> Stale { get; set; } = [];

    /// <summary>The first generation kept in one shard; null where an earlier release stored this state (see the grain).</summary>
    [Id(4)] public int? OneShardFrom { get; set; }
}
