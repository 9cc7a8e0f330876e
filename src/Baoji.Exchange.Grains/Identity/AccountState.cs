using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Grains.Identity;

[GenerateSerializer, Alias("baoji.AccountState")]
public sealed class AccountState
{
    [Id(0)] public PersonAccount? Account { get; set; }

    /// <summary>The operation id of the create that made the account: its retries are answered as it was.</summary>
    [Id(1)] public string? CreatedByOperation { get; set; }
}
