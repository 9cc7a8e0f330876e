using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Reconciliation;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Grains.Reconciliation;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Reports;

namespace Baoji.Exchange.Server.Reconciliation;

/// <summary>What stands between the two sides' reports, and merges that count a duplicate pair once.</summary>
public sealed class ReconciliationService(IGrainFactory grains, YearRecords records, AccessPolicy access, CommandResilience resilience, Failpoints failpoints)
{
    private static readonly RecordKind[] AllKinds = [RecordKind.Visit, RecordKind.StaffExchange, RecordKind.Training, RecordKind.Agreement];

    public async Task<(IReadOnlyList<LedgerRecord> Unconfirmed, IReadOnlyList<LedgerRecord> Disputed, IReadOnlyList<ProbableDuplicate> Duplicates)> ListAsync(
        string cityId, int year, CancellationToken cancellationToken)
    {
        var all = await records.ReadAsync(cityId, year, AllKinds, cancellationToken);
        return ([.. all.Where(r => r.Status == RecordStatus.Logged && r.MergedInto is null)],
            [.. all.Where(r => r.Status == RecordStatus.Disputed)],
            DuplicateFinder.Find(all));
    }

    public static string MergeId(string duplicateId) => $"mrg-{duplicateId}";

    /// <summary>Marks the duplicate as the same event as the kept record; repeating it changes nothing.</summary>
    public async Task<(MergeView? Merge, LedgerOutcome? Problem)> MergeAsync(MergeRequest request, Caller caller, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.KeepId) || string.IsNullOrEmpty(request.DuplicateId) || request.KeepId == request.DuplicateId)
        {
            return (null, LedgerOutcome.Invalid(Api.FieldErrors.Of(string.IsNullOrEmpty(request.KeepId) ? "keepId" : "duplicateId",
                "keepId and duplicateId name two different records.")));
        }

        // Ids become grain keys: only the shape of a record id goes further.
        if (!RecordCollections.IsId(request.KeepId) || !RecordCollections.IsId(request.DuplicateId))
        {
            return (null, LedgerOutcome.Invalid(Api.FieldErrors.Of(RecordCollections.IsId(request.KeepId) ? "duplicateId" : "keepId",
                "keepId and duplicateId are record ids (letters, digits and dashes, e.g. vis-20240409101500000-0a1b2c3d4e).")));
        }

        var keepRead = await grains.GetGrain<IRecordGrain>(request.KeepId).Get();
        var duplicateRead = await grains.GetGrain<IRecordGrain>(request.DuplicateId).Get();
        foreach (var (record, field, recordId) in new[] { (keepRead, "keepId", request.KeepId), (duplicateRead, "duplicateId", request.DuplicateId) })
        {
            var decision = record is null ? StatusCodes.Status404NotFound : await access.DecideAsync(caller, AccessMatrix.MergeCreate, record.Parties);
            if (decision != AccessMatrix.Allowed)
            {
                return (null, LedgerOutcome.Problem(decision, field,
                    decision == StatusCodes.Status404NotFound ? $"No record {recordId}." : $"This token may not merge record {recordId}."));
            }
        }

        var (keep, duplicate) = (keepRead!, duplicateRead!);

        // The operation id names the version merged, so retries of this request are recognised, while a merge made
        // again after a withdrawal is a new operation (with "merge:{keepId}" alone it was replayed as a no-op).
        // A repeat of a merge that is stored already goes to the grain too: it finishes a projection the first left owed.
        // The rules (MergeRules) are decided in the pair's grain, where opposite merges of the pair cannot interleave.
        var result = await resilience.RunAsync(
            t => grains.GetGrain<IMergeGrain>(MergeGrain.KeyOf(keep.Id, duplicate.Id))
                .Merge($"merge:{keep.Id}:v{duplicate.Version}", keep.Id, duplicate.Id, new Actor(caller.Actor)).WaitAsync(t),
            cancellationToken);
        failpoints.Hit(FailpointNames.ReconciliationAfterMerge);
        var outcome = LedgerOutcome.From(result);
        return outcome.Record is null ? (null, outcome) : (new MergeView(MergeId(duplicate.Id), keep.Id, duplicate.Id, "active"), null);
    }

    public Task<(MergeView? Merge, LedgerOutcome? Problem)> GetAsync(string mergeId, Caller caller) => GetAsync(mergeId, caller, AccessMatrix.MergeGet);

    private async Task<(MergeView? Merge, LedgerOutcome? Problem)> GetAsync(string mergeId, Caller caller, AccessEndpoint endpoint)
    {
        var duplicate = mergeId.StartsWith("mrg-", StringComparison.Ordinal) && RecordCollections.IsId(mergeId[4..]) ? await grains.GetGrain<IRecordGrain>(mergeId[4..]).Get() : null;
        var merged = duplicate?.History.LastOrDefault(h => h.Action is "merged" or "unmerged");
        // A merge of records the caller may not see is as unknown as one that does not exist (the matrix hides them: 404).
        if (duplicate is null || merged is null || await access.DecideAsync(caller, endpoint, duplicate.Parties) is not AccessMatrix.Allowed)
        {
            return (null, LedgerOutcome.Problem(404, "id", $"No merge {mergeId}."));
        }

        var keepId = duplicate.MergedInto ?? duplicate.History.Last(h => h.Action == "merged").Changes[0].To!;
        return (new MergeView(mergeId, keepId, duplicate.Id, duplicate.MergedInto is null ? "withdrawn" : "active"), null);
    }

    /// <summary>Undoes a merge: both records count again.</summary>
    public async Task<(MergeView? Merge, LedgerOutcome? Problem)> WithdrawAsync(string mergeId, Caller caller, CancellationToken cancellationToken)
    {
        var (merge, problem) = await GetAsync(mergeId, caller, AccessMatrix.MergeWithdraw);
        if (merge is null)
        {
            return (null, problem);
        }

        var duplicate = (await grains.GetGrain<IRecordGrain>(merge.DuplicateId).Get())!;

        // Also when it is undone already: the repeat finishes a projection the first attempt left owed.
        var result = await resilience.RunAsync(
            t => grains.GetGrain<IMergeGrain>(MergeGrain.KeyOf(merge.KeepId, duplicate.Id))
                .Unmerge($"unmerge:{merge.KeepId}:v{duplicate.Version}", duplicate.Id, new Actor(caller.Actor)).WaitAsync(t),
            cancellationToken);
        failpoints.Hit(FailpointNames.ReconciliationAfterMerge);
        if (result.Error is not null)
        {
            return (null, LedgerOutcome.From(result));
        }

        return (merge with { Status = "withdrawn" }, null);
    }
}
