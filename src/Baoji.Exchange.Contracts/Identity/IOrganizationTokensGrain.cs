namespace Baoji.Exchange.Contracts.Identity;

/// <summary>
/// The API tokens issued for one organisation (key: the organisation id), so they can be listed. An entry is written
/// before its token grain: a token is never stored unlisted; an entry whose token grain holds no token (a crash
/// between the two) is left out of the list.
/// </summary>
[Alias("baoji.IOrganizationTokensGrain")]
public interface IOrganizationTokensGrain : IGrainWithStringKey
{
    /// <summary>At most this many tokens per organisation (revoked ones included): the programs of one bureau or school.</summary>
    const int MaxTokens = 100;

    [Alias("List")]
    Task<IReadOnlyList<TokenEntry>> List();

    /// <summary>Adds the entry (its token id again is a no-op); false when the organisation already has <see cref="MaxTokens"/>.</summary>
    [Alias("Add")]
    Task<bool> Add(TokenEntry entry);
}
