namespace Baoji.Exchange.Contracts.Identity;

/// <summary>The hash of the bootstrap administrator token generated at first start (single instance, key "admin").</summary>
[Alias("baoji.IAdminCredentialGrain")]
public interface IAdminCredentialGrain : IGrainWithStringKey
{
    [Alias("GetHash")]
    Task<string?> GetHash();

    /// <summary>Stores the hash when none is stored yet; returns the hash that is in force afterwards.</summary>
    [Alias("SetHashIfEmpty")]
    Task<string> SetHashIfEmpty(string hash);
}
