using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Contracts.Reconciliation;

/// <summary>
/// Merges of one pair of records (key: the two ids in ordinal order, joined by '|'). Both directions of a pair meet
/// in this one grain, so two opposite merges made at once are decided one after the other: one wins, the other is
/// refused, and the event is counted exactly once.
/// </summary>
[Alias("baoji.IMergeGrain")]
public interface IMergeGrain : IGrainWithStringKey
{
    /// <summary>Marks <paramref name="duplicateId"/> as the same event as <paramref name="keepId"/>; a repeat changes nothing.</summary>
    [Alias("Merge")]
    Task<RecordResult> Merge(string operationId, string keepId, string duplicateId, Actor by);

    /// <summary>Undoes the merge of <paramref name="duplicateId"/>: both records count again.</summary>
    [Alias("Unmerge")]
    Task<RecordResult> Unmerge(string operationId, string duplicateId, Actor by);
}
