namespace Baoji.Exchange.Contracts.Registry;

/// <summary>A city bureau, county bureau or school. Cities and counties use GB/T 2260 codes as ids.</summary>
/// <param name="Illustrative">True when the entry is not named in the source report and stands in for an unnamed one.</param>
[GenerateSerializer, Immutable, Alias("baoji.Organization")]
public sealed record Organization(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] OrganizationKind Kind,
    [property: Id(3)] string? ParentId,
    [property: Id(4)] Province Province,
    [property: Id(5)] bool Illustrative = false);
