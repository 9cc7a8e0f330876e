using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Contracts.Figures;

/// <summary>What the year-end figures need of one agreement: who, what kind, and when it is in force.</summary>
[GenerateSerializer, Immutable, Alias("baoji.AgreementEntry")]
public sealed record AgreementEntry(
    [property: Id(0)] string RecordId,
    [property: Id(1)] int Version,
    [property: Id(2)] AgreementKind Kind,
    [property: Id(3)] IReadOnlyList<PartyRef> Parties,
    [property: Id(4)] DateOnly? SignedOn,
    [property: Id(5)] DateOnly ValidFrom,
    [property: Id(6)] DateOnly? ValidUntil,
    [property: Id(7)] DateOnly? TerminatedOn,
    [property: Id(8)] bool Counts,
    [property: Id(9)] bool Confirmed)
{
    /// <summary>In force on <paramref name="day"/>: signed by both on or before it, within its term, not terminated on or before it.</summary>
    public bool InForceOn(DateOnly day) =>
        Counts && SignedOn <= day && ValidFrom <= day && (ValidUntil is null || ValidUntil >= day) && (TerminatedOn is null || TerminatedOn > day);
}
