namespace Baoji.Exchange.Contracts.Figures;

/// <summary>
/// What one record adds to one figure of one scope ("all" or a county id) in one year. Items of a figure are
/// counted once however many records contribute them (a person with two placements); without an item key the
/// record itself is the item and <see cref="Weight"/> is what it adds (sessions, yuan, 1 for a count).
/// </summary>
[GenerateSerializer, Immutable, Alias("baoji.Contribution")]
public sealed record Contribution(
    [property: Id(0)] string Scope,
    [property: Id(1)] string Figure,
    [property: Id(2)] string? ItemKey,
    [property: Id(3)] decimal Weight);
