using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Baoji.Exchange.Benchmarks;

/// <summary>
/// Storage's own speed on the same Azurite, measured from this process with the plain SDK: what the server's write
/// path is compared with. Rows and blobs are about the size of a record's.
/// </summary>
internal sealed class RawStorage(string connectionString)
{
    private readonly TableClient _table = new TableServiceClient(connectionString).GetTableClient("BenchRaw");
    private readonly BlobContainerClient _blobs = new BlobServiceClient(connectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)).GetBlobContainerClient("bench-raw");
    private readonly BinaryData _kib = new(new byte[1024]);
    private readonly byte[] _payload = new byte[600];

    public async Task PrepareAsync()
    {
        await _table.CreateIfNotExistsAsync();
        await _blobs.CreateIfNotExistsAsync();
    }

    /// <summary>Single-row upserts, each row its own partition and key (as a record's own rows are).</summary>
    public Task<Timings> UpsertAsync(string phase, int count, int concurrency) =>
        Timings.MeasureAsync(count, concurrency, i => _table.UpsertEntityAsync(
            new TableEntity($"{phase}-{i % 64}", $"{i:D8}") { ["Version"] = 1, ["Record"] = _payload }, TableUpdateMode.Replace));

    /// <summary>100-row entity-group transactions, one partition each; the count is in rows.</summary>
    public async Task<Timings> BatchAsync(string phase, int rows)
    {
        var batches = Math.Max(1, rows / 100);
        var timings = await Timings.MeasureAsync(batches, 1, b => _table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i =>
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity($"{phase}-{b}", $"{i:D4}") { ["Version"] = 1, ["Record"] = _payload }))));
        return timings with { Count = batches * 100 };
    }

    public Task<Timings> BlobPutAsync(string phase, int count, int concurrency) =>
        Timings.MeasureAsync(count, concurrency, i => _blobs.GetBlobClient($"{phase}/{i:D8}").UploadAsync(_kib, overwrite: true));
}
