using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Baoji.Exchange.Server.Diagnostics;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>The storage clients of the one account the server uses; every request they send is counted.</summary>
public sealed class StorageClients
{
    public StorageClients(string connectionString)
    {
        ConnectionString = connectionString;
        Tables = new(connectionString, Counted(new TableClientOptions(), "table"));
        // Azure.Storage.Blobs 12.30 defaults to a service version Azurite 3.37 does not know yet.
        Blobs = new(connectionString, Counted(new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06), "blob"));
    }

    public string ConnectionString { get; }

    public StorageOperationCounter Operations { get; } = new();

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    private T Counted<T>(T options, string service) where T : ClientOptions
    {
        options.AddPolicy(Operations.PolicyFor(service), HttpPipelinePosition.PerRetry);
        return options;
    }
}
