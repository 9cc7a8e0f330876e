using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>One record of the ledger: what was logged, by whom, and what became of it.</summary>
/// <param name="Awaiting">
/// The side whose answer (confirm or dispute) the record waits for: the other side than the one that logged or last
/// corrected it, or the side that disputed it. Null in records stored before it was kept: the logging side's counterpart.
/// </param>
[GenerateSerializer, Immutable, Alias("baoji.LedgerRecord")]
public sealed record LedgerRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] RecordBody Body,
    [property: Id(2)] string LoggedBy,
    [property: Id(3)] DateTimeOffset LoggedAt,
    [property: Id(4)] RecordStatus Status,
    [property: Id(5)] int Version,
    [property: Id(6)] IReadOnlyList<PartyRef> Parties,
    [property: Id(7)] IReadOnlyList<HistoryEntry> History,
    [property: Id(8)] IReadOnlyList<Signature> Signatures,
    [property: Id(9)] Termination? Termination,
    [property: Id(10)] string? DisputeReason,
    [property: Id(11)] string? MergedInto,
    [property: Id(12)] DocumentInfo? Document,
    [property: Id(13)] Province? Awaiting = null)
{
    public RecordKind Kind => Body.RecordKind;

    /// <summary>Withdrawn, disputed and merged-away records count in no figure.</summary>
    public bool Counts => Status is RecordStatus.Logged or RecordStatus.Confirmed && MergedInto is null;

    /// <summary>For agreements: signed by both parties.</summary>
    public bool FullySigned => Body.Parties.All(p => Signatures.Any(s => s.OrgId == p));

    /// <summary>The day both parties had signed, or null.</summary>
    public DateOnly? SignedOn => FullySigned ? Body.Parties.Max(p => Signatures.Where(s => s.OrgId == p).Min(s => s.SignedOn)) : null;
}
