namespace Baoji.Exchange.Grains.Seeding;

[GenerateSerializer, Alias("baoji.SeedStatusState")]
public sealed class SeedStatusState
{
    [Id(0)] public string? LoadedContentHash { get; set; }

    [Id(1)] public DateTimeOffset? LoadedAt { get; set; }
}
