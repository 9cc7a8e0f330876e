using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Hosting;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// Signed agreement scans (PDF) in blob storage. Each upload is a blob of its own under the agreement and the
/// uploading party ("{agreementId}/{party}/{upload}.pdf"): a party's upload never overwrites the other party's scan
/// or an earlier version, and the record names the blob and the SHA-256 of what was stored. Uploads stream to
/// storage in 1 MiB blocks, hashed and counted on the way, so a 20 MiB scan is never held in memory.
/// </summary>
public sealed class AgreementDocuments(StorageClients storage, TimeProvider time)
{
    public const long MaxBytes = 20 * 1024 * 1024;
    private const string ContainerName = "agreement-documents";
    private const int BlockBytes = 1024 * 1024;

    private readonly BlobContainerClient _container = storage.Blobs.GetBlobContainerClient(ContainerName);
    private volatile bool _created;

    /// <summary>Streams <paramref name="content"/> to a new blob; throws <see cref="ScanTooLargeException"/> past <see cref="MaxBytes"/> (nothing is kept then).</summary>
    /// <param name="head">The first bytes of the scan, which the caller read to check the file signature; the rest follow in <paramref name="content"/>.</param>
    public async Task<DocumentInfo> UploadAsync(string agreementId, string party, string uploadedBy, ReadOnlyMemory<byte> head, Stream content, CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }

        var now = time.GetUtcNow();
        var name = $"{agreementId}/{party}/{now.UtcDateTime:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.pdf";
        var blob = _container.GetBlobClient(name);
        await using var hashing = new HashingStream(head, content, MaxBytes, () => new ScanTooLargeException());
        try
        {
            await blob.UploadAsync(hashing, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" },
                // Small blocks, one at a time: the SDK buffers at most a block of a stream it cannot seek.
                TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockBytes, MaximumTransferSize = BlockBytes, MaximumConcurrency = 1 },
            }, cancellationToken);
        }
        catch (ScanTooLargeException)
        {
            // Blocks staged but never committed leave no blob; a small scan written in one request is removed.
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }

        return new DocumentInfo(hashing.Sha256(), hashing.BytesRead, now, uploadedBy, name);
    }

    /// <summary>
    /// The stored scan, once its SHA-256 is found equal to the record's: read once to hash it, then again (the same
    /// blob version, by ETag) to send it. Null content: the blob is missing or differs from what the record names.
    /// </summary>
    public async Task<(Stream? Content, string? Problem)> OpenVerifiedAsync(string agreementId, DocumentInfo document, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(document.BlobName ?? $"{agreementId}.pdf");
        try
        {
            ETag etag;
            string sha;
            using (var first = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value)
            {
                etag = first.Details.ETag;
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(first.Content, cancellationToken));
            }

            if (sha != document.Sha256)
            {
                return (null, $"The stored scan's SHA-256 ({sha}) is not the one recorded at its upload ({document.Sha256}); it is not served. A party of the agreement uploads the signed scan again.");
            }

            var second = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } }, cancellationToken);
            return (second.Value.Content, null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, "The scan the record names is missing from storage. A party of the agreement uploads the signed scan again.");
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return (null, "The stored scan changed while it was being checked; it is not served.");
        }
    }
}

/// <summary>The scan being uploaded passed <see cref="AgreementDocuments.MaxBytes"/>.</summary>
public sealed class ScanTooLargeException() : IOException($"The signed scan is at most {AgreementDocuments.MaxBytes / 1024 / 1024} MiB.");
