namespace Baoji.Exchange.Contracts.Seeding;

/// <summary>Remembers which content of one seed file (key: its name) has been loaded completely.</summary>
[Alias("baoji.ISeedStatusGrain")]
public interface ISeedStatusGrain : IGrainWithStringKey
{
    [Alias("IsLoaded")]
    Task<bool> IsLoaded(string contentHash);

    [Alias("MarkLoaded")]
    Task MarkLoaded(string contentHash);
}
