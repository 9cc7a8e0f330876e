namespace Baoji.Exchange.Grains.Ledger;

[GenerateSerializer, Alias("baoji.IdempotencyState")]
public sealed class IdempotencyState
{
    [Id(0)] public string? RequestHash { get; set; }

    [Id(1)] public string? ResourceId { get; set; }
}
