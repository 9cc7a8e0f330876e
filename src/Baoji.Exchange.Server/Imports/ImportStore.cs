using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Baoji.Exchange.Server.Hosting;

namespace Baoji.Exchange.Server.Imports;

/// <summary>
/// Where imports are kept: the table <see cref="TableName"/> (one <see cref="ImportJob"/> row per import, one row per
/// row error under the import's id) and the blob container <see cref="ContainerName"/> (the rows prepared by the
/// preview, one JSON line each, read by the commit).
/// </summary>
public sealed class ImportStore(StorageClients storage)
{
    public const string TableName = "BaojiImports";
    public const string ContainerName = "imports";

    private readonly TableClient _table = storage.Tables.GetTableClient(TableName);
    private readonly BlobContainerClient _blobs = storage.Blobs.GetBlobContainerClient(ContainerName);
    private readonly Lazy<Task> _created = new(() => Task.WhenAll(
        storage.Tables.GetTableClient(TableName).CreateIfNotExistsAsync(),
        storage.Blobs.GetBlobContainerClient(ContainerName).CreateIfNotExistsAsync()));

    public async Task SaveAsync(ImportJob job, CancellationToken cancellationToken)
    {
        await _created.Value;
        await _table.UpsertEntityAsync(job, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Writes the job only if nobody wrote it since it was read (its ETag): false when another request got there first.</summary>
    public async Task<bool> TryUpdateAsync(ImportJob job, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(job, job.ETag, TableUpdateMode.Replace, cancellationToken);
            job.ETag = response.Headers.ETag ?? job.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    public async Task<ImportJob?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await _created.Value;
        var found = await _table.GetEntityIfExistsAsync<ImportJob>(ImportJob.Partition, id, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Stores row errors in transactions of 100 (one partition per import); <paramref name="phase"/> keeps the preview's and the commit's apart.</summary>
    public async Task AddErrorsAsync(string id, char phase, IEnumerable<ImportRowError> errors, CancellationToken cancellationToken)
    {
        await _created.Value;
        var index = 0;
        foreach (var chunk in errors.Select(e => new ImportErrorEntity
        {
            PartitionKey = id,
            RowKey = $"{phase}{e.Row:D7}-{index++:D7}",
            Row = e.Row,
            Column = e.Column,
            Field = e.Field,
            Message = e.Message,
        }).Chunk(100))
        {
            await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
    }

    /// <summary>The first <paramref name="max"/> row errors in row order (preview's first), and whether there are more.</summary>
    public async Task<(IReadOnlyList<ImportErrorEntity> Errors, bool Truncated)> ListErrorsAsync(string id, int max, CancellationToken cancellationToken)
    {
        await _created.Value;
        var errors = new List<ImportErrorEntity>();
        await foreach (var entity in _table.QueryAsync<ImportErrorEntity>(e => e.PartitionKey == id, maxPerPage: Math.Min(1000, max + 1), cancellationToken: cancellationToken))
        {
            if (errors.Count == max)
            {
                return (errors, true);
            }

            errors.Add(entity);
        }

        return (errors, false);
    }

    public async Task SaveRowsAsync(string id, IEnumerable<PreparedRow> rows, CancellationToken cancellationToken)
    {
        await _created.Value;
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(JsonSerializer.Serialize(new JsonObject { ["row"] = row.Row, ["key"] = row.Key, ["request"] = row.Request })).Append('\n');
        }

        await _blobs.GetBlobClient($"{id}/rows.jsonl").UploadAsync(BinaryData.FromString(text.ToString()), overwrite: true, cancellationToken);
    }

    public async Task<IReadOnlyList<PreparedRow>> LoadRowsAsync(string id, CancellationToken cancellationToken)
    {
        await _created.Value;
        try
        {
            var content = await _blobs.GetBlobClient($"{id}/rows.jsonl").DownloadContentAsync(cancellationToken);
            return [.. content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonNode.Parse(line)!.AsObject())
                .Select(o => new PreparedRow((int)o["row"]!, (string)o["key"]!, o["request"]!.AsObject()))];
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }
}
