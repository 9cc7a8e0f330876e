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
public sealed class ReconciliationService(IGrainFactory grains, YearRecords records, LedgerService ledger, CommandResilience resilience, Failpoints failpoints)
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

        var keep = await grains.GetGrain<IRecordGrain>(request.KeepId).Get();
        var duplicate = await grains.GetGrain<IRecordGrain>(request.DuplicateId).Get();
        if (keep is null || !LedgerService.CanRead(keep, caller))
        {
            return (null, LedgerOutcome.Problem(404, "keepId", $"No record {request.KeepId}."));
        }

        if (duplicate is null || !LedgerService.CanRead(duplicate, caller))
        {
            return (null, LedgerOutcome.Problem(404, "duplicateId", $"No record {request.DuplicateId}."));
        }

        if (!await ledger.CanActForAPartyAsync(duplicate, caller))
        {
            return (null, LedgerOutcome.Problem(403, "duplicateId", "Only a party of the records (or a bureau above one) merges them."));
        }

        // The operation id names the version merged, so retries of this request are recognised, while a merge made
        // again after a withdrawal is a new operation (with "merge:{keepId}" alone it was replayed as a no-op).
        // A repeat of a merge that is stored already goes to the grain too: it finishes a projection the first left owed.
        // The rules (MergeRules) are decided in the pair's grain, where opposite merges of the pair cannot interleave.
        var result = await resilience.RunAsync(
            t => grains.GetGrain<IMergeGrain>(MergeGrain.KeyOf(keep.Id, duplicate.Id))
                .Merge($"merge:{keep.Id}:v{duplicate.Version}", keep.Id, duplicate.Id, caller.ToActor()).WaitAsync(t),
            cancellationToken);
        failpoints.Hit(FailpointNames.ReconciliationAfterMerge);
        var outcome = LedgerOutcome.From(result);
        return outcome.Record is null ? (null, outcome) : (new MergeView(MergeId(duplicate.Id), keep.Id, duplicate.Id, "active"), null);
    }

    public async Task<(MergeView? Merge, LedgerOutcome? Problem)> GetAsync(string mergeId, Caller caller)
    {
        var duplicate = mergeId.StartsWith("mrg-", StringComparison.Ordinal) && RecordCollections.IsId(mergeId[4..]) ? await grains.GetGrain<IRecordGrain>(mergeId[4..]).Get() : null;
        var merged = duplicate?.History.LastOrDefault(h => h.Action is "merged" or "unmerged");
        if (duplicate is null || merged is null || !LedgerService.CanRead(duplicate, caller))
        {
            return (null, LedgerOutcome.Problem(404, "id", $"No merge {mergeId}."));
        }

        var keepId = duplicate.MergedInto ?? duplicate.History.Last(h => h.Action == "merged").Changes[0].To!;
        return (new MergeView(mergeId, keepId, duplicate.Id, duplicate.MergedInto is null ? "withdrawn" : "active"), null);
    }

    /// <summary>Undoes a merge: both records count again.</summary>
    public async Task<(MergeView? Merge, LedgerOutcome? Problem)> WithdrawAsync(string mergeId, Caller caller, CancellationToken cancellationToken)
    {
        var (merge, problem) = await GetAsync(mergeId, caller);
        if (merge is null)
        {
            return (null, problem);
        }

        var duplicate = (await grains.GetGrain<IRecordGrain>(merge.DuplicateId).Get())!;
        if (!await ledger.CanActForAPartyAsync(duplicate, caller))
        {
            return (null, LedgerOutcome.Problem(403, "id", "Only a party of the records (or a bureau above one) withdraws a merge."));
        }

        // Also when it is undone already: the repeat finishes a projection the first attempt left owed.
        var result = await resilience.RunAsync(
            t => grains.GetGrain<IMergeGrain>(MergeGrain.KeyOf(merge.KeepId, duplicate.Id))
                .Unmerge($"unmerge:{merge.KeepId}:v{duplicate.Version}", duplicate.Id, caller.ToActor()).WaitAsync(t),
            cancellationToken);
        failpoints.Hit(FailpointNames.ReconciliationAfterMerge);
        if (result.Error is not null)
        {
            return (null, LedgerOutcome.From(result));
        }

        return (merge with { Status = "withdrawn" }, null);
    }
}
