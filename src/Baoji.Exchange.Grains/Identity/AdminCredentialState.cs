namespace Baoji.Exchange.Grains.Identity;

[GenerateSerializer, Alias("baoji.AdminCredentialState")]
public sealed class AdminCredentialState
{
    [Id(0)] public string? Hash { get; set; }
}
