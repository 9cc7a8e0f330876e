using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>Who asks for a change, as recorded in history (an organisation id or "admin"), and the signed-in person if any.</summary>
[GenerateSerializer, Immutable, Alias("baoji.Actor")]
public sealed record Actor([property: Id(0)] string Name, [property: Id(1)] ActingPerson? Person = null);

[GenerateSerializer, Immutable, Alias("baoji.CreateRecord")]
public sealed record CreateRecord(
    [property: Id(0)] RecordBody Body,
    [property: Id(1)] IReadOnlyList<PartyRef> Parties,
    [property: Id(2)] string LoggedBy,
    [property: Id(3)] Actor By);

/// <param name="Side">The side the corrector acts for; null for the administrator.</param>
[GenerateSerializer, Immutable, Alias("baoji.CorrectRecord")]
public sealed record CorrectRecord(
    [property: Id(0)] int ExpectedVersion,
    [property: Id(1)] RecordBody Body,
    [property: Id(2)] IReadOnlyList<PartyRef> Parties,
    [property: Id(3)] IReadOnlyList<FieldChange> Changes,
    [property: Id(4)] string Reason,
    [property: Id(5)] Actor By,
    [property: Id(6)] Province? Side = null);
