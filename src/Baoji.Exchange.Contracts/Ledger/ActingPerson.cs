namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>The signed-in person behind a change (history names the organisation and, for people, the person too).</summary>
[GenerateSerializer, Immutable, Alias("baoji.ActingPerson")]
public sealed record ActingPerson(
    [property: Id(0)] string Login,
    [property: Id(1)] string Name);
