using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baoji.Exchange.Server.Hosting;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>Signed agreement scans (PDF) in blob storage, one blob per agreement.</summary>
public sealed class AgreementDocuments(StorageClients storage)
{
    public const long MaxBytes = 20 * 1024 * 1024;
    private const string ContainerName = "agreement-documents";

    private readonly BlobContainerClient _container = storage.Blobs.GetBlobContainerClient(ContainerName);
    private volatile bool _created;

    public async Task UploadAsync(string agreementId, Stream content, CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }

        await _container.GetBlobClient(BlobName(agreementId)).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" },
        }, cancellationToken);
    }

    public async Task<Stream?> OpenAsync(string agreementId, CancellationToken cancellationToken)
    {
        try
        {
            var download = await _container.GetBlobClient(BlobName(agreementId)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string BlobName(string agreementId) => $"{agreementId}.pdf";
}
