using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Grains.Diagnostics;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Baoji.Exchange.Grains.Ledger;

/// <remarks>
/// Collected after 2 idle minutes (Orleans' default is 15): a record is busy while it is logged and confirmed and
/// rarely touched after, and an ingest of many records would otherwise keep each one in memory long after its write.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed class RecordGrain(
    [FromKeyedServices(StorageNames.RecordState)] IGrainStorage storage,
    LegacyStateBlobs earlierRelease,
    LedgerIndex index,
    FiguresProjection figures,
    PendingProjections pending,
    Failpoints failpoints,
    ILogger<RecordGrain> logger,
    TimeProvider time)
    : Grain, IRecordGrain
{
    /// <summary>How many recent operation ids are kept: far more than the retries of one command can span.</summary>
    internal const int RememberedOperations = 64;

    /// <summary>The state's name in storage (what <c>[PersistentState("record")]</c> named it before it was read lazily).</summary>
    public const string StateName = "record";

    private LazyPersistentState<RecordState>? _state;

    /// <summary>
    /// What to clear once the record is projected: its hold on the mark stored with its last write (shared with the
    /// other records of that transaction, deleted when the last of them lets go), or a mark found on activation that
    /// lists this record alone. Kept across a failed projection, so that the retry that completes it clears them.
    /// </summary>
    private readonly List<Func<Task>> _clearWhenProjected = [];

    /// <summary>Read on first need (<see cref="EnsureKnownAsync"/>): a create under a new id writes without reading first.</summary>
    private LazyPersistentState<RecordState> Stored => _state ??= new(storage, StateName, this.GetGrainId());

    private LedgerRecord? Record => Stored.State.Record;

    /// <summary>
    /// Reads the state unless it is known. A stored version whose projection is not known to be complete is finished
    /// then: the process that stored it may have died before projecting. The pending mark says whether anything is owed
    /// (the projected version is stored only with the next change, to spare a second write per command).
    /// </summary>
    private async Task EnsureKnownAsync()
    {
        if (Stored.Known)
        {
            return;
        }

        await Stored.ReadStateAsync();
        await FinishOwedProjectionAsync();
    }

    private async Task FinishOwedProjectionAsync()
    {
        if (Record is not { } record || Stored.State.ProjectedVersion >= record.Version)
        {
            return;
        }

        try
        {
            if (await pending.FindAsync(this.GetGrainId(), record.Id, Stored.SharedRowKey) is { } mark)
            {
                if (mark.RecordIds.Count == 1)
                {
                    _clearWhenProjected.Add(() => pending.ClearAsync(mark));
                }

                await ProjectAsync(record);
            }
            else
            {
                Stored.State.ProjectedVersion = record.Version;
            }
        }
        catch (Exception e) when (e is not SimulatedCrashException)
        {
            // Storage is failing: the record still answers; its next command or the background repair projects it.
            GrainsLog.OwedProjectionFailedOnActivation(logger, e, record.Id, record.Version);
        }
    }

    public async Task<LedgerRecord?> Get()
    {
        await EnsureKnownAsync();
        return Record;
    }

    public async Task<RecordResult> Create(string operationId, CreateRecord command)
    {
        // Where an earlier release may have stored the record as a blob, an insert would not see it: read first there.
        if (Stored.Known || await earlierRelease.AnyAsync(StateName))
        {
            await EnsureKnownAsync();
            if (Record is { } existing)
            {
                return await RepeatedCreateAsync(operationId, existing);
            }
        }

        var decision = RecordDecisions.Create(this.GetPrimaryKeyString(), command, time.GetUtcNow());
        try
        {
            return await ApplyAsync(operationId, decision);
        }
        catch (InconsistentStateException) when (Record is { } stored)
        {
            // Not read, and stored after all (the insert was refused; the failed write read what storage holds).
            await FinishOwedProjectionAsync();
            return await RepeatedCreateAsync(operationId, stored);
        }
    }

    private async Task<RecordResult> RepeatedCreateAsync(string operationId, LedgerRecord existing) => Created(operationId)
        ? await ReplayAsync(existing)
        : RecordResult.Fail(RecordErrorKind.Conflict, "id", $"Record {existing.Id} already exists.");

    public async Task<IdempotencyClaim?> FindCreation(string operationId)
    {
        await EnsureKnownAsync();
        return Record is { } record ? new IdempotencyClaim(record.Id, FirstClaim: false, BodyDiffers: !Created(operationId)) : null;
    }

    /// <summary>Whether <paramref name="operationId"/> created the record (records stored before CreatedBy: while it is remembered).</summary>
    private bool Created(string operationId) => Stored.State.CreatedBy == operationId || Stored.State.AppliedOperations.Contains(operationId);

    public Task<RecordResult> Confirm(string operationId, string orgId, Actor by) =>
        ExecuteAsync(operationId, (record, now) => RecordDecisions.Confirm(record, orgId, by, now));

    public Task<RecordResult> Dispute(string operationId, string orgId, string reason, Actor by) =>
        ExecuteAsync(operationId, (record, now) => RecordDecisions.Dispute(record, orgId, reason, by, now));

    public Task<RecordResult> Correct(string operationId, CorrectRecord command) =>
        ExecuteAsync(operationId, (record, now) => RecordDecisions.Correct(record, command, now));

    public Task<RecordResult> Withdraw(string operationId, Province? side, string reason, Actor by) =>
        ExecuteAsync(operationId, (record, now) => RecordDecisions.Withdraw(record, side, reason, by, now));

    public Task<RecordResult> Sign(string operationId, string orgId, DateOnly signedOn, Actor by) =>
        ExecuteAsync(operationId, (record, now) => RecordDecisions.Sign(record, orgId, signedOn, by, now));

    public Task<RecordResult> Terminate(string operationId, string orgId, DateOnly terminatedOn, string reason, Actor by) =>
        ExecuteAsync(operationId, (record, now) => RecordDecisions.Terminate(record, orgId, terminatedOn, reason, by, now));

    public Task<RecordResult> AttachDocument(string operationId, DocumentInfo document, Actor by) =>
        ExecuteAsync(operationId, (record, now) => RecordDecisions.AttachDocument(record, document, by, now));

    public Task<RecordResult> SetMergedInto(string operationId, string? keepId, Actor by) =>
        ExecuteAsync(operationId, (record, now) => RecordDecisions.SetMergedInto(record, keepId, by, now));

    public async Task Reproject()
    {
        // Read without the owed-projection step of a first read: projecting is what this call does anyway.
        if (!Stored.Known)
        {
            await Stored.ReadStateAsync();
        }

        // Without a state nothing is owed. A mark is stored with its state, so one without a state can only be an earlier
        // release's, written before a state write that never happened: the repair that asked clears it.
        if (Record is { } record)
        {
            await ProjectAsync(record);
        }
    }

    /// <summary>Replays a known operation, or has <paramref name="decide"/> judge the command and stores what it decided.</summary>
    private async Task<RecordResult> ExecuteAsync(string operationId, Func<LedgerRecord, DateTimeOffset, RecordResult> decide)
    {
        await EnsureKnownAsync();
        if (Record is not { } record)
        {
            return RecordResult.Fail(RecordErrorKind.NotFound, "id", $"No record {this.GetPrimaryKeyString()}.");
        }

        if (Stored.State.AppliedOperations.Contains(operationId))
        {
            return await ReplayAsync(record);
        }

        // Whatever the command, an owed projection is finished first: a retry that changes nothing (a repeated
        // merge, a refused repeat of a withdrawal) still repairs what its first attempt left undone.
        await EnsureProjectedAsync(record);

        var decision = decide(record, time.GetUtcNow());
        if (decision.Error is not null || ReferenceEquals(decision.Record, record))
        {
            return decision;
        }

        return await ApplyAsync(operationId, decision.Record!);
    }

    /// <summary>A retried operation: its change is stored already; make sure the projections caught up, change nothing.</summary>
    private async Task<RecordResult> ReplayAsync(LedgerRecord record)
    {
        await EnsureProjectedAsync(record);
        return RecordResult.Ok(record, replayed: true);
    }

    private Task EnsureProjectedAsync(LedgerRecord record) =>
        Stored.State.ProjectedVersion >= record.Version ? Task.CompletedTask : ProjectAsync(record);

    private async Task<RecordResult> ApplyAsync(string operationId, LedgerRecord record)
    {
        var previous = Record;

        // Remember every place the record is projected to, so that places it leaves get told (an empty delta,
        // a deleted index row) even when this projection fails and only a later retry completes it.
        var previousProjected = previous is not null && Stored.State.ProjectedVersion >= previous.Version;
        Stored.State.IndexPartitions = previousProjected
            ? [.. index.PartitionsOf(previous!).Union(index.PartitionsOf(record))]
            : [.. Stored.State.IndexPartitions.Union(index.PartitionsOf(record))];
        Stored.State.FigureTargets = previousProjected
            ? [.. FiguresProjection.TargetsOf(previous!).Union(FiguresProjection.TargetsOf(record))]
            : [.. Stored.State.FigureTargets.Union(FiguresProjection.TargetsOf(record))];
        Stored.State.Record = record;
        Stored.State.CreatedBy ??= previous is null ? operationId : null;
        Stored.State.AppliedOperations.Add(operationId);
        if (Stored.State.AppliedOperations.Count > RememberedOperations)
        {
            Stored.State.AppliedOperations.RemoveAt(0);
        }

        // The obligation to project is stored with the change it follows, in one transaction: if the process dies
        // after the write, the mark is there for the repair to find; if the write fails, neither is stored. On a failed
        // write the grain never keeps a change storage does not have (see WriteOrDropAsync).
        var mark = await Stored.WriteOrDropAsync(this, () => Stored.WriteStateWithSharedRowAsync(PendingProjections.MarkOf(record.Id)));
        _clearWhenProjected.Add(mark.ReleaseAsync);
        failpoints.Hit(FailpointNames.RecordAfterStateWrite);
        await ProjectAsync(record);
        return RecordResult.Ok(record);
    }

    /// <summary>
    /// Index rows and figures together; each is idempotent (rows replaced, deltas versioned), so a repeat is harmless,
    /// and either may be done without the other when a crash comes, since the mark stays until both are.
    /// </summary>
    private async Task ProjectAsync(LedgerRecord record)
    {
        if (!failpoints.Suppressed(FailpointNames.ProjectionSuppress))
        {
            await Task.WhenAll(IndexAsync(record), figures.ProjectAsync(record, Stored.State.FigureTargets));
        }

        Stored.State.ProjectedVersion = record.Version;
        while (_clearWhenProjected.Count > 0)
        {
            await _clearWhenProjected[0]();
            _clearWhenProjected.RemoveAt(0);
        }
    }

    private async Task IndexAsync(LedgerRecord record)
    {
        await index.WriteAsync(record, Stored.State.IndexPartitions);
        failpoints.Hit(FailpointNames.ProjectionAfterIndex);
    }

}
