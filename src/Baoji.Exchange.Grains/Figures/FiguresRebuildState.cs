using Baoji.Exchange.Contracts.Figures;

namespace Baoji.Exchange.Grains.Figures;

[GenerateSerializer, Alias("baoji.FiguresRebuildState")]
public sealed class FiguresRebuildState
{
    /// <summary>The running or last rebuild.</summary>
    [Id(0)] public RebuildJob? Job { get; set; }
}
