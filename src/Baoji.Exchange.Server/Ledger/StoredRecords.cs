using Azure;
using Azure.Storage.Blobs;
using Baoji.Exchange.Grains;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// The records as their grains stored them: the truth that index rows, figures and the agreement register are
/// projections of. Reads the record grains' state blobs directly, with the serializer the silo writes them with, so
/// that an audit sees what a lost projection left out. Nothing is activated and nothing is held beyond a page of names
/// and the blobs being read.
/// </summary>
public sealed class StoredRecords(StorageClients storage, Serializer serializer, IOptions<ClusterOptions> cluster)
{
    /// <summary>Orleans' blob storage names a grain's state "{state name}-{grain id}.json"; a record grain's id is "record/{record id}".</summary>
    private const string Prefix = "record-record/";

    private const string Suffix = ".json";

    private const int ListPageSize = 5000;

    /// <summary>Blobs read at a time: enough to keep Azurite (or the storage account) busy, few enough to leave room for commands.</summary>
    private const int Parallelism = 16;

    private readonly BlobContainerClient _container = storage.Blobs.GetBlobContainerClient(StorageNames.GrainStateContainer(cluster.Value.ServiceId));
    private readonly OrleansGrainStorageSerializer _format = new(serializer);

    /// <summary>The ids of every stored record, a page at a time, in id order.</summary>
    public async IAsyncEnumerable<IReadOnlyList<string>> ListIdsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = _container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = Prefix }, cancellationToken).AsPages(pageSizeHint: ListPageSize);
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
                // No grain has stored state yet, so the container is not there.
                yield break;
            }

            yield return [.. pager.Current.Values.Select(b => b.Name).Where(n => n.EndsWith(Suffix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..^Suffix.Length])];
        }
    }

    /// <summary>How many records are stored (a listing, no blob is read).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var page in ListIdsAsync(cancellationToken))
        {
            count += page.Count;
        }

        return count;
    }

    /// <summary>The stored state of one record grain, or null when it has none.</summary>
    public async Task<RecordState?> ReadAsync(string recordId, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await _container.GetBlobClient(Prefix + recordId + Suffix).DownloadContentAsync(cancellationToken)).Value.Content;
            return content.ToMemory().IsEmpty ? null : _format.Deserialize<RecordState>(content);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with the stored state of every record grain, page after page, several at a time
    /// (so <paramref name="visit"/> runs concurrently). A state without a record (its first write failed) is visited too.
    /// </summary>
    public async Task ForEachAsync(Func<RecordState, CancellationToken, ValueTask> visit, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Default };
        await foreach (var page in ListIdsAsync(cancellationToken))
        {
            await Parallel.ForEachAsync(page, options, async (id, token) =>
            {
                if (await ReadAsync(id, token) is { } stored)
                {
                    await visit(stored, token);
                }
            });
        }
    }
}
