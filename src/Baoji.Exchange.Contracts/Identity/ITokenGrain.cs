namespace Baoji.Exchange.Contracts.Identity;

/// <summary>One API token, keyed by its public token id.</summary>
[Alias("baoji.ITokenGrain")]
public interface ITokenGrain : IGrainWithStringKey
{
    /// <summary>Stores the token; issuing the same token id twice with the same hash is a no-op.</summary>
    [Alias("Issue")]
    Task<bool> Issue(string organizationId, string secretHash);

    /// <summary>The organisation the token acts for, when the hash matches and the token is not revoked.</summary>
    [Alias("Verify")]
    Task<string?> Verify(string secretHash);

    /// <summary>The stored token (its secret's hash included, for the server only), or null when none was issued.</summary>
    [Alias("Get")]
    Task<IssuedToken?> Get();

    /// <summary>Revokes the token; returns false when no such token exists.</summary>
    [Alias("Revoke")]
    Task<bool> Revoke();
}
