using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;

namespace Baoji.Exchange.Grains.Reconciliation;

/// <summary>
/// What reconciliation calls a probable duplicate, and which of them may be merged: the one definition the list of
/// probable duplicates and the merge itself both use.
/// </summary>
public static class MergeRules
{
    /// <summary>
    /// The same two parties, the same kind, overlapping dates, logged separately by each side (each side's clerk
    /// logged the same delegation); staff placements also of the same person.
    /// </summary>
    public static bool IsProbableDuplicate(LedgerRecord a, LedgerRecord b) =>
        a.Id != b.Id
        && a.Kind == b.Kind
        && a.Body.Parties.Order(StringComparer.Ordinal).SequenceEqual(b.Body.Parties.Order(StringComparer.Ordinal))
        && Overlap(a.Body, b.Body)
        && RecordDecisions.LoggerSide(a) != RecordDecisions.LoggerSide(b)
        && SamePerson(a.Body, b.Body);

    /// <summary>Null when <paramref name="duplicate"/> may be merged into <paramref name="keep"/> (or already is); else the rule broken.</summary>
    public static RecordError? Check(LedgerRecord keep, LedgerRecord duplicate)
    {
        if (duplicate.MergedInto == keep.Id)
        {
            // Merged already: a repeat, which the duplicate's grain answers (and finishes projecting).
            return null;
        }

        if (duplicate.MergedInto is not null)
        {
            return new RecordError(RecordErrorKind.Conflict, "duplicateId", $"The record is already merged into {duplicate.MergedInto}.");
        }

        if (keep.MergedInto is not null)
        {
            // A kept record that is itself merged away would leave the event counted nowhere (or close a cycle).
            return new RecordError(RecordErrorKind.Conflict, "keepId", $"The record to keep is itself merged into {keep.MergedInto}.");
        }

        if (!keep.Counts || !duplicate.Counts)
        {
            return new RecordError(RecordErrorKind.Conflict, keep.Counts ? "duplicateId" : "keepId", "Withdrawn or disputed records are not merged.");
        }

        return IsProbableDuplicate(keep, duplicate)
            ? null
            : new RecordError(RecordErrorKind.Unprocessable, "duplicateId",
                "Only probable duplicates are merged: the same kind and parties, overlapping dates, logged by each side.");
    }

    private static bool SamePerson(RecordBody a, RecordBody b) =>
        a is not StaffExchangeBody x || b is not StaffExchangeBody y || (x.PersonRef == y.PersonRef && x.HomeOrgId == y.HomeOrgId);

    private static bool Overlap(RecordBody a, RecordBody b) =>
        a.Start <= (b.End ?? DateOnly.MaxValue) && b.Start <= (a.End ?? DateOnly.MaxValue);
}
