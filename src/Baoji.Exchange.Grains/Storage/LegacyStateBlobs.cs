using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Orleans.Storage;

namespace Baoji.Exchange.Grains.Storage;

/// <summary>
/// Grain state an earlier release stored as blobs (Orleans' blob storage names them "{state name}-{grain id}.json")
/// before that state moved elsewhere. This release never writes them, so whether any exist is listed once per state
/// name and process: a deployment that never had them (every new one) pays no read for them. An earlier release's
/// silos must be stopped before this release's start, or blobs they write after that listing are not seen.
/// </summary>
public sealed class LegacyStateBlobs(BlobContainerClient container, IGrainStorageSerializer format)
{
    private const string Suffix = ".json";

    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _present = new(StringComparer.Ordinal);

    /// <summary>Whether any blob of <paramref name="stateName"/> (optionally of grain ids containing <paramref name="marker"/>) is stored.</summary>
    public async Task<bool> AnyAsync(string stateName, string? marker = null)
    {
        var key = $"{stateName}\n{marker}";
        var listing = _present.GetOrAdd(key, _ => new Lazy<Task<bool>>(() => ListAnyAsync(stateName, marker)));
        try
        {
            return await listing.Value;
        }
        catch
        {
            // Storage failed the listing: the next caller lists again rather than inherit this failure forever.
            _present.TryRemove(KeyValuePair.Create(key, listing));
            throw;
        }
    }

    /// <summary>The state stored for the grain and its blob's ETag, or null when there is none.</summary>
    public async Task<(T State, ETag ETag)?> ReadAsync<T>(string stateName, GrainId grainId)
    {
        try
        {
            var content = (await container.GetBlobClient(BlobName(stateName, grainId.ToString())).DownloadContentAsync()).Value;
            return content.Content.ToMemory().IsEmpty ? null : (format.Deserialize<T>(content.Content)!, content.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The grain ids ("type/key") that have a blob of <paramref name="stateName"/>, a listing page at a time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<string>> ListGrainIdsAsync(string stateName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = $"{stateName}-";
        var pages = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).AsPages(pageSizeHint: 5000);
        await using var pager = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await pager.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // No grain ever stored state here, so the container is not there.
                yield break;
            }

            yield return [.. pager.Current.Values.Select(b => b.Name).Where(n => n.EndsWith(Suffix, StringComparison.Ordinal)).Select(n => n[prefix.Length..^Suffix.Length])];
        }
    }

    private async Task<bool> ListAnyAsync(string stateName, string? marker)
    {
        await foreach (var page in ListGrainIdsAsync(stateName))
        {
            if (page.Any(id => marker is null || id.Contains(marker, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static string BlobName(string stateName, string grainId) => $"{stateName}-{grainId}{Suffix}";
}
