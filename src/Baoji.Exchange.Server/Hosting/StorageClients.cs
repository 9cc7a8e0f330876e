using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>The storage clients of the one account the server uses.</summary>
public sealed class StorageClients(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public TableServiceClient Tables { get; } = new(connectionString);

    public BlobServiceClient Blobs { get; } = new(
        connectionString,
        // Azure.Storage.Blobs 12.30 defaults to a service version Azurite 3.37 does not know yet.
        new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
}
