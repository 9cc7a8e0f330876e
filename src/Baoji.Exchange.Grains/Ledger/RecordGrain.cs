using Azure;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Figures;
using Microsoft.Extensions.Logging;

namespace Baoji.Exchange.Grains.Ledger;

public sealed class RecordGrain(
    [PersistentState("record", StorageNames.GrainState)] IPersistentState<RecordState> state,
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

    /// <summary>A record is corrected a handful of times; past this many changes it is withdrawn and logged anew.</summary>
    internal const int MaxHistory = 200;

    private LedgerRecord? Record => state.State.Record;

    /// <summary>
    /// A stored version whose projection is not known to be complete is finished now: the process that stored it
    /// may have died before projecting. The pending mark says whether anything is owed (the projected version is
    /// stored only with the next change, to spare a second write per command).
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Record is not { } record || state.State.ProjectedVersion >= record.Version)
        {
            return;
        }

        try
        {
            if (await pending.IsPendingAsync(record.Id))
            {
                await ProjectAsync(record, ETag.All);
            }
            else
            {
                state.State.ProjectedVersion = record.Version;
            }
        }
        catch (Exception e) when (e is not SimulatedCrashException)
        {
            // Storage is failing: the record still answers; its next command or the background repair projects it.
            logger.LogWarning(e, "Record {RecordId}: the owed projection of version {Version} failed on activation.", record.Id, record.Version);
        }
    }

    public Task<LedgerRecord?> Get() => Task.FromResult(Record);

    public async Task<RecordResult> Create(string operationId, CreateRecord command)
    {
        if (Record is { } existing)
        {
            return state.State.AppliedOperations.Contains(operationId)
                ? await ReplayAsync(existing)
                : RecordResult.Fail(RecordErrorKind.Conflict, "id", $"Record {existing.Id} already exists.");
        }

        var now = time.GetUtcNow();
        var record = new LedgerRecord(
            this.GetPrimaryKeyString(), command.Body, command.LoggedBy, now, RecordStatus.Logged, 1, command.Parties,
            [new HistoryEntry(1, now, command.By.Name, "created", null, [])], [], null, null, null, null);
        return await ApplyAsync(operationId, record);
    }

    public Task<RecordResult> Confirm(string operationId, string orgId, Actor by) => ExecuteAsync(operationId, record =>
    {
        if (!IsCounterpart(record, orgId))
        {
            return Error(RecordErrorKind.Forbidden, "orgId", $"Only the counterpart of {record.LoggedBy} confirms this record.");
        }

        return record.Status switch
        {
            RecordStatus.Confirmed => Error(RecordErrorKind.Conflict, "status", "The record is already confirmed."),
            RecordStatus.Withdrawn => Error(RecordErrorKind.Conflict, "status", "A withdrawn record cannot be confirmed."),
            _ => Next(record, by, "confirmed", null, [], r => r with { Status = RecordStatus.Confirmed, DisputeReason = null }),
        };
    });

    public Task<RecordResult> Dispute(string operationId, string orgId, string reason, Actor by) => ExecuteAsync(operationId, record =>
    {
        if (!IsCounterpart(record, orgId))
        {
            return Error(RecordErrorKind.Forbidden, "orgId", $"Only the counterpart of {record.LoggedBy} disputes this record.");
        }

        return record.Status switch
        {
            RecordStatus.Disputed => Error(RecordErrorKind.Conflict, "status", "The record is already disputed."),
            RecordStatus.Withdrawn => Error(RecordErrorKind.Conflict, "status", "A withdrawn record cannot be disputed."),
            _ => Next(record, by, "disputed", reason, [], r => r with { Status = RecordStatus.Disputed, DisputeReason = reason }),
        };
    });

    public Task<RecordResult> Correct(string operationId, CorrectRecord command) => ExecuteAsync(operationId, record =>
    {
        if (command.ExpectedVersion != record.Version)
        {
            return Error(RecordErrorKind.PreconditionFailed, "If-Match",
                $"The record is at version {record.Version}, not {command.ExpectedVersion}; read it again and reapply the correction.");
        }

        if (record.Status == RecordStatus.Withdrawn)
        {
            return Error(RecordErrorKind.Conflict, "status", "A withdrawn record cannot be corrected.");
        }

        if (command.Changes.Count == 0)
        {
            return Error(RecordErrorKind.Invalid, "changes", "The correction changes nothing.");
        }

        // A confirmed (or disputed) record goes back to the counterpart once what they judged has changed.
        return Next(record, command.By, "corrected", command.Reason, command.Changes, r => r with
        {
            Body = command.Body,
            Parties = command.Parties,
            Status = RecordStatus.Logged,
            DisputeReason = null,
        });
    });

    public Task<RecordResult> Withdraw(string operationId, string reason, Actor by) => ExecuteAsync(operationId, record =>
        record.Status == RecordStatus.Withdrawn
            ? Error(RecordErrorKind.Conflict, "status", "The record is already withdrawn.")
            : Next(record, by, "withdrawn", reason, [], r => r with { Status = RecordStatus.Withdrawn }));

    public Task<RecordResult> Sign(string operationId, string orgId, DateOnly signedOn, Actor by) => ExecuteAsync(operationId, record =>
    {
        if (AgreementProblem(record, orgId) is { } problem)
        {
            return problem;
        }

        if (record.Signatures.Any(s => s.OrgId == orgId))
        {
            return Error(RecordErrorKind.Conflict, "orgId", $"{orgId} has already signed.");
        }

        return Next(record, by, "signed", null, [new FieldChange("signatures", null, $"{orgId} {signedOn:yyyy-MM-dd}")], r =>
        {
            var signed = r with { Signatures = [.. r.Signatures, new Signature(orgId, signedOn, by.Name)] };
            // Both signatures are both sides' agreement: the counterpart's confirmation is implied.
            return signed.FullySigned && signed.Status == RecordStatus.Logged ? signed with { Status = RecordStatus.Confirmed } : signed;
        });
    });

    public Task<RecordResult> Terminate(string operationId, string orgId, DateOnly terminatedOn, string reason, Actor by) => ExecuteAsync(operationId, record =>
    {
        if (AgreementProblem(record, orgId) is { } problem)
        {
            return problem;
        }

        var body = (AgreementBody)record.Body;
        if (record.Termination is not null)
        {
            return Error(RecordErrorKind.Conflict, "terminatedOn", $"The agreement was already terminated on {record.Termination.TerminatedOn:yyyy-MM-dd}.");
        }

        if (terminatedOn < body.ValidFrom)
        {
            return Error(RecordErrorKind.Invalid, "terminatedOn", "terminatedOn must not be before the agreement's validFrom.");
        }

        return Next(record, by, "terminated", reason, [new FieldChange("terminatedOn", null, $"{terminatedOn:yyyy-MM-dd}")],
            r => r with { Termination = new Termination(orgId, terminatedOn, reason, by.Name) });
    });

    public Task<RecordResult> AttachDocument(string operationId, DocumentInfo document, Actor by) => ExecuteAsync(operationId, record =>
        record.Kind != RecordKind.Agreement
            ? Error(RecordErrorKind.NotFound, "id", "Only agreements keep a document.")
            : Next(record, by, "document", null, [new FieldChange("document", record.Document?.Sha256, document.Sha256)], r => r with { Document = document }));

    public Task<RecordResult> SetMergedInto(string operationId, string? keepId, Actor by) => ExecuteAsync(operationId, record =>
        record.MergedInto == keepId
            ? RecordResult.Ok(record)
            // Checked here, not only by the caller: two merges racing for one duplicate must not both succeed.
            : keepId is not null && record.MergedInto is not null
            ? Error(RecordErrorKind.Conflict, "duplicateId", $"The record is already merged into {record.MergedInto}.")
            : Next(record, by, keepId is null ? "unmerged" : "merged", null, [new FieldChange("mergedInto", record.MergedInto, keepId)],
                r => r with { MergedInto = keepId }));

    public async Task Reproject()
    {
        if (Record is { } record)
        {
            await ProjectAsync(record, ETag.All);
        }
        else
        {
            // Marked, but the state write that followed never happened: nothing is owed.
            await pending.ClearAsync(this.GetPrimaryKeyString(), ETag.All);
        }
    }

    private static bool IsCounterpart(LedgerRecord record, string orgId)
    {
        var loggerSide = record.Parties.FirstOrDefault(p => p.Lineage().Contains(record.LoggedBy))?.Province;
        return record.Parties.Any(p => p.Province != loggerSide && p.Lineage().Contains(orgId));
    }

    private static RecordResult? AgreementProblem(LedgerRecord record, string orgId)
    {
        if (record.Kind != RecordKind.Agreement)
        {
            return Error(RecordErrorKind.NotFound, "id", "Only agreements are signed and terminated.");
        }

        if (!record.Body.Parties.Contains(orgId))
        {
            return Error(RecordErrorKind.Invalid, "orgId", "orgId must be a party of the agreement.");
        }

        return record.Status == RecordStatus.Withdrawn ? Error(RecordErrorKind.Conflict, "status", "The agreement is withdrawn.") : null;
    }

    private static RecordResult Error(RecordErrorKind kind, string field, string message) => RecordResult.Fail(kind, field, message);

    private RecordResult Next(LedgerRecord record, Actor by, string action, string? reason, IReadOnlyList<FieldChange> changes, Func<LedgerRecord, LedgerRecord> change)
    {
        if (record.History.Count >= MaxHistory)
        {
            return Error(RecordErrorKind.Conflict, "history", $"The record has {MaxHistory} changes; withdraw it and log it anew.");
        }

        var version = record.Version + 1;
        var changed = change(record);
        return RecordResult.Ok(changed with
        {
            Version = version,
            History = [.. record.History, new HistoryEntry(version, time.GetUtcNow(), by.Name, action, reason, changes)],
        });
    }

    private async Task<RecordResult> ExecuteAsync(string operationId, Func<LedgerRecord, RecordResult> decide)
    {
        if (Record is not { } record)
        {
            return RecordResult.Fail(RecordErrorKind.NotFound, "id", $"No record {this.GetPrimaryKeyString()}.");
        }

        // Whatever the command, an owed projection is finished first: a retry that changes nothing (a repeated
        // merge, a refused repeat of a withdrawal) still repairs what its first attempt left undone.
        await EnsureProjectedAsync(record);
        if (state.State.AppliedOperations.Contains(operationId))
        {
            return RecordResult.Ok(record, replayed: true);
        }

        var decision = decide(record);
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
        state.State.ProjectedVersion >= record.Version ? Task.CompletedTask : ProjectAsync(record, ETag.All);

    private async Task<RecordResult> ApplyAsync(string operationId, LedgerRecord record)
    {
        var previous = Record;
        // The obligation to project is stored before the change it follows: if the process dies after the state
        // write, the mark is there for the repair to find. A mark without a change (the write failed) costs a no-op.
        var mark = await pending.MarkAsync(record.Id);

        // Remember every place the record is projected to, so that places it leaves get told (an empty delta,
        // a deleted index row) even when this projection fails and only a later retry completes it.
        var previousProjected = previous is not null && state.State.ProjectedVersion >= previous.Version;
        state.State.IndexPartitions = previousProjected
            ? [.. index.PartitionsOf(previous!).Union(index.PartitionsOf(record))]
            : [.. state.State.IndexPartitions.Union(index.PartitionsOf(record))];
        state.State.FigureTargets = previousProjected
            ? [.. FiguresProjection.TargetsOf(previous!).Union(FiguresProjection.TargetsOf(record))]
            : [.. state.State.FigureTargets.Union(FiguresProjection.TargetsOf(record))];
        state.State.Record = record;
        state.State.AppliedOperations.Add(operationId);
        if (state.State.AppliedOperations.Count > RememberedOperations)
        {
            state.State.AppliedOperations.RemoveAt(0);
        }

        // On a failed write the grain never keeps a change storage does not have (see WriteOrDropAsync).
        await state.WriteOrDropAsync(this);
        failpoints.Hit(FailpointNames.RecordAfterStateWrite);
        await ProjectAsync(record, mark);
        return RecordResult.Ok(record);
    }

    /// <summary>Index rows first, then figures; each is idempotent (rows replaced, deltas versioned), so a repeat is harmless.</summary>
    private async Task ProjectAsync(LedgerRecord record, ETag mark)
    {
        if (!failpoints.Suppressed(FailpointNames.ProjectionSuppress))
        {
            await index.WriteAsync(record, state.State.IndexPartitions);
            failpoints.Hit(FailpointNames.ProjectionAfterIndex);
            await figures.ProjectAsync(record, state.State.FigureTargets);
        }

        state.State.ProjectedVersion = record.Version;
        await pending.ClearAsync(record.Id, mark);
    }
}
