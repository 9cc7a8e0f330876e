using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Reconciliation;

namespace Baoji.Exchange.Grains.Reconciliation;

/// <summary>
/// Serialises the merges of one pair (see <see cref="IMergeGrain"/>). It keeps no state: the duplicate record's
/// <see cref="LedgerRecord.MergedInto"/> is the truth, read afresh for every decision.
/// </summary>
public sealed class MergeGrain : Grain, IMergeGrain
{
    public static string KeyOf(string a, string b) => string.CompareOrdinal(a, b) < 0 ? $"{a}|{b}" : $"{b}|{a}";

    public async Task<RecordResult> Merge(string operationId, string keepId, string duplicateId, Actor by)
    {
        var keep = await GrainFactory.GetGrain<IRecordGrain>(keepId).Get();
        var duplicateGrain = GrainFactory.GetGrain<IRecordGrain>(duplicateId);
        var duplicate = await duplicateGrain.Get();
        if (keep is null || duplicate is null)
        {
            return RecordResult.Fail(RecordErrorKind.NotFound, keep is null ? "keepId" : "duplicateId", "No such record.");
        }

        return MergeRules.Check(keep, duplicate) is { } broken
            ? new RecordResult(null, broken)
            : await duplicateGrain.SetMergedInto(operationId, keepId, by);
    }

    public Task<RecordResult> Unmerge(string operationId, string duplicateId, Actor by) =>
        GrainFactory.GetGrain<IRecordGrain>(duplicateId).SetMergedInto(operationId, null, by);
}
