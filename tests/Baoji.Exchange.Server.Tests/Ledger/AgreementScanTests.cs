using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>Agreement scans are kept per party and upload, never overwritten, and served only when their SHA-256 is the recorded one.</summary>
[Collection(LedgerCollection.Name)]
public sealed class AgreementScanTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "scans");

    private BlobContainerClient Container => _server.Services.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient("agreement-documents");

    [Fact]
    public async Task The_other_party_s_upload_does_not_overwrite_the_first_scan()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var tongshan = await _server.ActingFor(Bodies.Tongshan);
        var id = (await longxian.CreateAsync("agreements", Bodies.Agreement())).Id();
        var ours = Pdf("陇县签署");
        var theirs = Pdf("铜山区签署");

        await (await longxian.PutAsync($"/api/v1/agreements/{id}/document", Content(ours))).ExpectAsync(HttpStatusCode.OK);
        var second = await (await tongshan.PutAsync($"/api/v1/agreements/{id}/document", Content(theirs))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(theirs)), (string?)second["document"]!["sha256"]);
        Assert.Equal(theirs, await (await longxian.GetAsync($"/api/v1/agreements/{id}/document")).Content.ReadAsByteArrayAsync());
        // Both scans are stored, each under its party.
        var blobs = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{id}/", CancellationToken.None))
        {
            blobs.Add(blob.Name);
        }

        Assert.Equal(2, blobs.Count);
        var ourBlob = Assert.Single(blobs, b => b.StartsWith($"{id}/{Bodies.Longxian}/", StringComparison.Ordinal));
        Assert.Single(blobs, b => b.StartsWith($"{id}/{Bodies.Tongshan}/", StringComparison.Ordinal));
        Assert.Equal(ours, (await Container.GetBlobClient(ourBlob).DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task A_stored_scan_whose_hash_differs_from_the_record_is_not_served_409_naming_document()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var id = (await longxian.CreateAsync("agreements", Bodies.Agreement())).Id();
        var uploaded = await (await longxian.PutAsync($"/api/v1/agreements/{id}/document", Content(Pdf("原件")))).ExpectAsync(HttpStatusCode.OK);
        string? name = null;
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{id}/", CancellationToken.None))
        {
            name = blob.Name;
        }

        // Someone with storage access replaces the scan behind the record's back.
        await Container.GetBlobClient(name).UploadAsync(new BinaryData(Pdf("篡改")), overwrite: true);

        var download = await longxian.GetAsync($"/api/v1/agreements/{id}/document");
        var problem = await download.ExpectProblemAsync(HttpStatusCode.Conflict, "document");
        Assert.Contains("SHA-256", (string?)problem["detail"], StringComparison.Ordinal);
        var read = await _server.Admin().ReadAsync("agreements", id);
        Assert.Equal((uploaded.Version(), (string?)uploaded["document"]!["sha256"]), (read.Version(), (string?)read["document"]!["sha256"]));
    }

    [Fact]
    public async Task A_scan_near_the_limit_streams_through_and_comes_back_identical()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var id = (await longxian.CreateAsync("agreements", Bodies.Agreement())).Id();
        var large = new byte[5 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(large);
        Pdf("大").CopyTo(large, 0);
        var streamed = new StreamContent(new MemoryStream(large));
        streamed.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agreements/{id}/document") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;

        var put = await (await longxian.SendAsync(request)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((Convert.ToHexStringLower(SHA256.HashData(large)), large.Length), ((string?)put["document"]!["sha256"], (int)put["document"]!["length"]!));
        Assert.Equal(large, await (await longxian.GetAsync($"/api/v1/agreements/{id}/document")).Content.ReadAsByteArrayAsync());
    }

    private static byte[] Pdf(string text) => Encoding.UTF8.GetBytes($"%PDF-1.4\n% {text}\n%%EOF\n");

    private static ByteArrayContent Content(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }
}
