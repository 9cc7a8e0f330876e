namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>
/// One change of a record: who (the organisation, and the person when one signed in; null for tokens), when, what,
/// why. Values are JSON text as the API shows them.
/// </summary>
[GenerateSerializer, Immutable, Alias("baoji.HistoryEntry")]
public sealed record HistoryEntry(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string By,
    [property: Id(3)] string Action,
    [property: Id(4)] string? Reason,
    [property: Id(5)] IReadOnlyList<FieldChange> Changes,
    [property: Id(6)] ActingPerson? ByPerson = null);

[GenerateSerializer, Immutable, Alias("baoji.FieldChange")]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] string? From,
    [property: Id(2)] string? To);
