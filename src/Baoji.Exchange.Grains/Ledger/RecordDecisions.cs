using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>
/// The two-sided rules of a record, as pure decisions: the record as stored and a command in, the record to store
/// (or the rule the command broke) out. The grain persists what these decide and nothing else decides it.
/// What one side changes, the other side answers: a record waits for one side (<see cref="LedgerRecord.Awaiting"/>),
/// and only that side confirms or disputes it.
/// </summary>
public static class RecordDecisions
{
    /// <summary>A record is corrected a handful of times; past this many changes it is withdrawn and logged anew.</summary>
    public const int MaxHistory = 200;

    public static LedgerRecord Create(string id, CreateRecord command, DateTimeOffset now)
    {
        var record = new LedgerRecord(
            id, command.Body, command.LoggedBy, now, RecordStatus.Logged, 1, command.Parties,
            [new HistoryEntry(1, now, command.By.Name, "created", null, [], command.By.Person)], [], null, null, null, null);
        return record with { Awaiting = Other(LoggerSide(record)) };
    }

    /// <summary>The side that answers: the one that did not make the last change (or the one that disputed); it confirmed, if confirmed.</summary>
    public static Province AwaitingSide(LedgerRecord record) => record.Awaiting ?? Other(LoggerSide(record));

    public static RecordResult Confirm(LedgerRecord record, string orgId, Actor by, DateTimeOffset now)
    {
        if (!Answers(record, orgId))
        {
            return Error(RecordErrorKind.Forbidden, "orgId", $"This record waits for the {Name(AwaitingSide(record))} side: only that side confirms it.");
        }

        return record.Status switch
        {
            RecordStatus.Confirmed => Error(RecordErrorKind.Conflict, "status", "The record is already confirmed."),
            RecordStatus.Withdrawn => Error(RecordErrorKind.Conflict, "status", "A withdrawn record cannot be confirmed."),
            _ => Next(record, by, now, "confirmed", null, [], r => r with { Status = RecordStatus.Confirmed, DisputeReason = null }),
        };
    }

    public static RecordResult Dispute(LedgerRecord record, string orgId, string reason, Actor by, DateTimeOffset now)
    {
        if (!Answers(record, orgId))
        {
            return Error(RecordErrorKind.Forbidden, "orgId", $"This record waits for the {Name(AwaitingSide(record))} side: only that side disputes it.");
        }

        return record.Status switch
        {
            RecordStatus.Disputed => Error(RecordErrorKind.Conflict, "status", "The record is already disputed."),
            RecordStatus.Withdrawn => Error(RecordErrorKind.Conflict, "status", "A withdrawn record cannot be disputed."),
            // The disputing side stays the one to answer: it confirms once the record is right.
            _ => Next(record, by, now, "disputed", reason, [], r => r with { Status = RecordStatus.Disputed, DisputeReason = reason, Awaiting = AwaitingSide(record) }),
        };
    }

    /// <summary>A correction by one side (<see cref="CorrectRecord.Side"/>; the administrator's counts as the logging side's) waits for the other.</summary>
    public static RecordResult Correct(LedgerRecord record, CorrectRecord command, DateTimeOffset now)
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

        var side = command.Side ?? LoggerSide(record);
        var changes = command.Changes;
        var signatures = record.Signatures;
        if (record.Body is AgreementBody before && command.Body is AgreementBody after && signatures.Count > 0 && TermsDiffer(before, after))
        {
            // Signatures were given to the old terms: both sides sign the new ones again.
            changes = [.. changes, new FieldChange("signatures", string.Join(", ", signatures.Select(s => s.OrgId)), null)];
            signatures = [];
        }

        return Next(record, command.By, now, "corrected", command.Reason, changes, r =>
        {
            var corrected = r with { Body = command.Body, Parties = command.Parties, Signatures = signatures };
            // A correction does not lift a dispute: the disputing side answers a correction by the other side. When
            // the disputing side corrects, it puts forward its version and the other side answers that.
            return record.Status == RecordStatus.Disputed && side != AwaitingSide(record)
                ? corrected
                : corrected with { Status = RecordStatus.Logged, DisputeReason = null, Awaiting = Other(side) };
        });
    }

    /// <summary>The side that logged a record withdraws it (<paramref name="side"/>; null is the administrator's, which counts as that side).</summary>
    public static RecordResult Withdraw(LedgerRecord record, Province? side, string reason, Actor by, DateTimeOffset now) =>
        side is { } from && from != LoggerSide(record)
            ? Error(RecordErrorKind.Forbidden, "id", $"Only the side that logged the record ({record.LoggedBy}) withdraws it.")
            : record.Status == RecordStatus.Withdrawn
            ? Error(RecordErrorKind.Conflict, "status", "The record is already withdrawn.")
            : Next(record, by, now, "withdrawn", reason, [], r => r with { Status = RecordStatus.Withdrawn });

    /// <summary>
    /// What a party of the record may do to it now, asked of the same decisions the commands run, so that a page
    /// offers exactly what the ledger would accept from that party (the service still decides the command itself).
    /// </summary>
    public static RecordActions ActionsOf(LedgerRecord record, PartyRef party, DateTimeOffset now)
    {
        var probe = new Actor(party.OrgId);
        var correction = new CorrectRecord(record.Version, record.Body, record.Parties, [new FieldChange("-", null, null)], "-", probe, party.Province);
        return new RecordActions(
            Confirm: Confirm(record, party.OrgId, probe, now).Error is null,
            Dispute: Dispute(record, party.OrgId, "-", probe, now).Error is null,
            Correct: Correct(record, correction, now).Error is null,
            Withdraw: Withdraw(record, party.Province, "-", probe, now).Error is null);
    }

    public static RecordResult Sign(LedgerRecord record, string orgId, DateOnly signedOn, Actor by, DateTimeOffset now)
    {
        if (AgreementProblem(record, orgId) is { } problem)
        {
            return problem;
        }

        if (record.Signatures.Any(s => s.OrgId == orgId))
        {
            return Error(RecordErrorKind.Conflict, "orgId", $"{orgId} has already signed.");
        }

        return Next(record, by, now, "signed", null, [new FieldChange("signatures", null, $"{orgId} {signedOn:yyyy-MM-dd}")], r =>
        {
            var signed = r with { Signatures = [.. r.Signatures, new Signature(orgId, signedOn, by.Name)] };
            // Both signatures are both sides' agreement: the counterpart's confirmation is implied.
            return signed.FullySigned && signed.Status == RecordStatus.Logged ? signed with { Status = RecordStatus.Confirmed } : signed;
        });
    }

    public static RecordResult Terminate(LedgerRecord record, string orgId, DateOnly terminatedOn, string reason, Actor by, DateTimeOffset now)
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

        return Next(record, by, now, "terminated", reason, [new FieldChange("terminatedOn", null, $"{terminatedOn:yyyy-MM-dd}")],
            r => r with { Termination = new Termination(orgId, terminatedOn, reason, by.Name) });
    }

    public static RecordResult AttachDocument(LedgerRecord record, DocumentInfo document, Actor by, DateTimeOffset now) =>
        record.Kind != RecordKind.Agreement
            ? Error(RecordErrorKind.NotFound, "id", "Only agreements keep a document.")
            : Next(record, by, now, "document", null, [new FieldChange("document", record.Document?.Sha256, document.Sha256)], r => r with { Document = document });

    /// <summary>Marks the record as a duplicate of <paramref name="keepId"/>, or with null undoes that; a repeat changes nothing.</summary>
    public static RecordResult SetMergedInto(LedgerRecord record, string? keepId, Actor by, DateTimeOffset now) =>
        record.MergedInto == keepId
            ? RecordResult.Ok(record)
            // Checked here, not only by the caller: two merges racing for one duplicate must not both succeed.
            : keepId is not null && record.MergedInto is not null
            ? Error(RecordErrorKind.Conflict, "duplicateId", $"The record is already merged into {record.MergedInto}.")
            : keepId is not null && record.Status is RecordStatus.Disputed or RecordStatus.Withdrawn
            ? Error(RecordErrorKind.Conflict, "duplicateId", "Withdrawn or disputed records are not merged.")
            : Next(record, by, now, keepId is null ? "unmerged" : "merged", null, [new FieldChange("mergedInto", record.MergedInto, keepId)],
                r => r with { MergedInto = keepId });

    /// <summary>The side of the party that logged the record (or stands below the bureau that did).</summary>
    public static Province LoggerSide(LedgerRecord record) =>
        record.Parties.First(p => p.Lineage().Contains(record.LoggedBy)).Province;

    public static Province Other(Province side) => side == Province.Shaanxi ? Province.Jiangsu : Province.Shaanxi;

    /// <summary>Does <paramref name="orgId"/> act for a party of the side the record waits for?</summary>
    private static bool Answers(LedgerRecord record, string orgId)
    {
        var awaiting = AwaitingSide(record);
        return record.Parties.Any(p => p.Province == awaiting && p.Lineage().Contains(orgId));
    }

    /// <summary>The terms both sides signed: the kind, the parties and the period. The title is not a term.</summary>
    private static bool TermsDiffer(AgreementBody before, AgreementBody after) =>
        before.Kind != after.Kind
        || !before.PartyIds.Order(StringComparer.Ordinal).SequenceEqual(after.PartyIds.Order(StringComparer.Ordinal))
        || before.ValidFrom != after.ValidFrom
        || before.ValidUntil != after.ValidUntil;

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

    private static string Name(Province side) => side == Province.Shaanxi ? "Shaanxi (Baoji)" : "Jiangsu (Xuzhou)";

    private static RecordResult Error(RecordErrorKind kind, string field, string message) => RecordResult.Fail(kind, field, message);

    private static RecordResult Next(LedgerRecord record, Actor by, DateTimeOffset now, string action, string? reason,
        IReadOnlyList<FieldChange> changes, Func<LedgerRecord, LedgerRecord> change)
    {
        if (record.History.Count >= MaxHistory)
        {
            return Error(RecordErrorKind.Conflict, "history", $"The record has {MaxHistory} changes; withdraw it and log it anew.");
        }

        var version = record.Version + 1;
        return RecordResult.Ok(change(record) with
        {
            Version = version,
            History = [.. record.History, new HistoryEntry(version, now, by.Name, action, reason, changes, by.Person)],
        });
    }
}
