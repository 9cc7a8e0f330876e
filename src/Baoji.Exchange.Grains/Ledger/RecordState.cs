using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Grains.Ledger;

[GenerateSerializer, Alias("baoji.RecordState")]
public sealed class RecordState
{
    [Id(0)] public LedgerRecord? Record { get; set; }

    /// <summary>Operation ids already applied, oldest first; bounded by <see cref="RecordGrain.RememberedOperations"/>.</summary>
    [Id(1)] public List<string> AppliedOperations { get; set; } = [];

    /// <summary>The index partitions the record was last written to, so a correction can leave the old ones.</summary>
    [Id(2)] public List<string> IndexPartitions { get; set; } = [];

    /// <summary>The figure grains the record has contributed to (see <see cref="Figures.FiguresProjection"/>).</summary>
    [Id(3)] public List<string> FigureTargets { get; set; } = [];

    /// <summary>
    /// The version whose projection completed, as far as the last write knew; stored with the next change. A stored
    /// <see cref="Record"/> newer than this owes a projection only while <see cref="PendingProjections"/> marks it.
    /// </summary>
    [Id(4)] public int ProjectedVersion { get; set; }

    /// <summary>
    /// The operation that created the record, kept beyond <see cref="AppliedOperations"/>' bound: the repeat of a
    /// keyed create (its id derived from the Idempotency-Key) is recognised however many changes followed.
    /// </summary>
    [Id(5)] public string? CreatedBy { get; set; }
}
