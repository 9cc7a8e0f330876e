using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>Agreements: two signatures put one in force; termination; the signed scan round-trips through blob storage.</summary>
[Collection(LedgerCollection.Name)]
public sealed class AgreementTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "agreements");

    [Fact]
    public async Task Both_signatures_put_the_agreement_in_force()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var tongshan = await _server.ActingFor(Bodies.Tongshan);
        var created = await longxian.CreateAsync("agreements", Bodies.Agreement());
        Assert.Null(created["signedOn"]);

        var half = await (await longxian.PostJsonAsync($"/api/v1/agreements/{created.Id()}/signatures",
            new JsonObject { ["orgId"] = Bodies.Longxian, ["signedOn"] = "2024-04-16" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("logged", half.Status());
        Assert.Null(half["signedOn"]);
        Assert.Single(half["signatures"]!.AsArray());

        var signed = await (await tongshan.PostJsonAsync($"/api/v1/agreements/{created.Id()}/signatures",
            new JsonObject { ["orgId"] = Bodies.Tongshan, ["signedOn"] = "2024-04-18" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("confirmed", signed.Status());
        Assert.Equal("2024-04-18", (string?)signed["signedOn"]);
        Assert.Equal([Bodies.Longxian, Bodies.Tongshan], signed["signatures"]!.AsArray().Select(s => (string)s!["orgId"]!));
        Assert.Equal(["created", "signed", "signed"], signed.History().Select(h => (string)h["action"]!));
        var read = await _server.Admin().ReadAsync("agreements", created.Id());
        Assert.Equal(("confirmed", "2024-04-18", 3), (read.Status(), (string?)read["signedOn"], read.Version()));

        // A party signs once; a non-party does not sign.
        await (await tongshan.PostJsonAsync($"/api/v1/agreements/{created.Id()}/signatures",
            new JsonObject { ["orgId"] = Bodies.Tongshan, ["signedOn"] = "2024-04-19" })).ExpectProblemAsync(HttpStatusCode.Conflict, "orgId");
        await (await _server.Admin().PostJsonAsync($"/api/v1/agreements/{created.Id()}/signatures",
            new JsonObject { ["orgId"] = Bodies.Xinyi, ["signedOn"] = "2024-04-19" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "orgId");
        Assert.Equal(3, (await _server.Admin().ReadAsync("agreements", created.Id())).Version());
    }

    [Fact]
    public async Task A_signature_for_the_other_party_is_403()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var created = await longxian.CreateAsync("agreements", Bodies.Agreement());

        await (await longxian.PostJsonAsync($"/api/v1/agreements/{created.Id()}/signatures",
            new JsonObject { ["orgId"] = Bodies.Tongshan, ["signedOn"] = "2024-04-18" })).ExpectProblemAsync(HttpStatusCode.Forbidden, "orgId");

        var read = await _server.Admin().ReadAsync("agreements", created.Id());
        Assert.Equal((1, 0), (read.Version(), read["signatures"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_party_terminates_the_agreement_with_a_reason()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var tongshan = await _server.ActingFor(Bodies.Tongshan);
        var created = await longxian.CreateAsync("agreements", Bodies.Agreement());
        await (await longxian.PostJsonAsync($"/api/v1/agreements/{created.Id()}/signatures",
            new JsonObject { ["orgId"] = Bodies.Longxian, ["signedOn"] = "2024-04-16" })).ExpectAsync(HttpStatusCode.OK);
        await (await tongshan.PostJsonAsync($"/api/v1/agreements/{created.Id()}/signatures",
            new JsonObject { ["orgId"] = Bodies.Tongshan, ["signedOn"] = "2024-04-16" })).ExpectAsync(HttpStatusCode.OK);

        var terminated = await (await tongshan.PostJsonAsync($"/api/v1/agreements/{created.Id()}/termination",
            new JsonObject { ["orgId"] = Bodies.Tongshan, ["terminatedOn"] = "2025-06-30", ["reason"] = "由新一轮协议替代" })).ExpectAsync(HttpStatusCode.OK);

        var termination = terminated["termination"]!;
        Assert.Equal((Bodies.Tongshan, "2025-06-30", "由新一轮协议替代"),
            ((string)termination["orgId"]!, (string)termination["terminatedOn"]!, (string)termination["reason"]!));
        Assert.Equal(("terminated", Bodies.Tongshan), ((string)terminated.History()[^1]["action"]!, (string)terminated.History()[^1]["by"]!));
        Assert.Equal("2025-06-30", (string?)(await _server.Admin().ReadAsync("agreements", created.Id()))["termination"]!["terminatedOn"]);

        // Terminated once; never before it began.
        await (await longxian.PostJsonAsync($"/api/v1/agreements/{created.Id()}/termination",
            new JsonObject { ["orgId"] = Bodies.Longxian, ["terminatedOn"] = "2025-07-01", ["reason"] = "再次终止" })).ExpectProblemAsync(HttpStatusCode.Conflict, "terminatedOn");
        var other = await longxian.CreateAsync("agreements", Bodies.Agreement());
        await (await longxian.PostJsonAsync($"/api/v1/agreements/{other.Id()}/termination",
            new JsonObject { ["orgId"] = Bodies.Longxian, ["terminatedOn"] = "2024-01-01", ["reason"] = "早于生效日" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "terminatedOn");
        await (await longxian.PostJsonAsync($"/api/v1/agreements/{other.Id()}/termination",
            new JsonObject { ["orgId"] = Bodies.Longxian, ["terminatedOn"] = "2025-01-01" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        Assert.Null((await _server.Admin().ReadAsync("agreements", other.Id()))["termination"]);
    }

    [Fact]
    public async Task The_signed_scan_comes_back_byte_identical()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var created = await longxian.CreateAsync("agreements", Bodies.Agreement());
        Assert.Equal(HttpStatusCode.NotFound, (await longxian.GetAsync($"/api/v1/agreements/{created.Id()}/document")).StatusCode);
        var pdf = SmallPdf();

        var put = await (await longxian.PutAsync($"/api/v1/agreements/{created.Id()}/document", Pdf(pdf))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), (string?)put["document"]!["sha256"]);
        Assert.Equal(pdf.Length, (long)put["document"]!["length"]!);
        var download = await (await _server.ActingFor(Bodies.Tongshan)).GetAsync($"/api/v1/agreements/{created.Id()}/document");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Anything_but_a_PDF_is_415_and_stores_nothing()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var created = await longxian.CreateAsync("agreements", Bodies.Agreement());
        var notPdf = new ByteArrayContent(Encoding.UTF8.GetBytes("这不是 PDF 文件"));
        notPdf.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        // The route accepts application/pdf only, so ASP.NET Core's content-type matching refuses this one.
        var refused = await longxian.PutAsync($"/api/v1/agreements/{created.Id()}/document", notPdf);
        await refused.ExpectAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // Declared as PDF, but the bytes are a PNG.
        await (await longxian.PutAsync($"/api/v1/agreements/{created.Id()}/document", Pdf([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "body");

        await AssertNoDocumentAsync(created.Id());
    }

    [Fact]
    public async Task A_scan_over_the_size_limit_is_413_and_stores_nothing()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var created = await longxian.CreateAsync("agreements", Bodies.Agreement());
        var tooLarge = new byte[AgreementDocuments.MaxBytes + 1];
        SmallPdf().CopyTo(tooLarge, 0);

        await (await longxian.PutAsync($"/api/v1/agreements/{created.Id()}/document", Pdf(tooLarge))).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");
        // Without a Content-Length the body is counted as it arrives.
        var streamed = new StreamContent(new MemoryStream(tooLarge));
        streamed.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agreements/{created.Id()}/document") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        await (await longxian.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");

        await AssertNoDocumentAsync(created.Id());
    }

    [Fact]
    public async Task Only_a_party_uploads_the_scan()
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("agreements", Bodies.Agreement());
        var xinyi = await _server.ActingFor(Bodies.Xinyi);

        Assert.Equal(HttpStatusCode.Forbidden, (await xinyi.PutAsync($"/api/v1/agreements/{created.Id()}/document", Pdf(SmallPdf()))).StatusCode);

        await AssertNoDocumentAsync(created.Id());
    }

    private async Task AssertNoDocumentAsync(string id)
    {
        var read = await _server.Admin().ReadAsync("agreements", id);
        Assert.Equal(1, read.Version());
        Assert.Null(read["document"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin().GetAsync($"/api/v1/agreements/{id}/document")).StatusCode);
    }

    private static ByteArrayContent Pdf(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }

    /// <summary>A minimal but real one-page PDF (with binary bytes, so any text re-encoding would show).</summary>
    private static byte[] SmallPdf()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 720 Td (Agreement) Tj ET\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        using var pdf = new MemoryStream();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.4\n");
        pdf.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Position);
            Write($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Position;
        Write($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        offsets.ForEach(o => Write($"{o:D10} 00000 n \n"));
        Write($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }
}
