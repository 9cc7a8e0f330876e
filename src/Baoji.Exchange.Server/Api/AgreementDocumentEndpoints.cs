using System.Security.Cryptography;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Ledger;

namespace Baoji.Exchange.Server.Api;

/// <summary>PUT and GET of an agreement's signed scan: PDF only, size-limited, byte-identical on the way back.</summary>
internal static class AgreementDocumentEndpoints
{
    public static async Task<IResult> PutAsync(string id, HttpContext http, LedgerService ledger, AgreementDocuments documents, TimeProvider time)
    {
        var caller = http.Caller();
        if (http.Request.ContentType?.Split(';')[0].Trim() != "application/pdf")
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Content-Type", "The signed scan is uploaded as application/pdf.");
        }

        if (http.Request.ContentLength > AgreementDocuments.MaxBytes)
        {
            return TooLarge();
        }

        var (record, problem) = await ledger.ReadAsync(RecordKind.Agreement, id, caller);
        if (record is null)
        {
            return RecordsApi.Respond(http, problem!);
        }

        if (!await ledger.CanActForAPartyAsync(record, caller))
        {
            return Problems.Forbidden("id", "Only a party of the agreement uploads its scan.");
        }

        // Buffer (bounded) to check the size and the PDF signature before anything is stored.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > AgreementDocuments.MaxBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length < 5 || !buffer.GetBuffer().AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "body", "The body is not a PDF file (it does not start with %PDF-).");
        }

        buffer.Position = 0;
        var sha = Convert.ToHexStringLower(SHA256.HashData(buffer));
        buffer.Position = 0;
        await documents.UploadAsync(id, buffer, http.RequestAborted);
        var document = new DocumentInfo(sha, buffer.Length, time.GetUtcNow(), caller.Actor);
        return RecordsApi.Respond(http, await ledger.AttachDocumentAsync(id, document, caller, http.RequestAborted));
    }

    public static async Task<IResult> GetAsync(string id, HttpContext http, LedgerService ledger, AgreementDocuments documents)
    {
        var (record, problem) = await ledger.ReadAsync(RecordKind.Agreement, id, http.Caller());
        if (record is null)
        {
            return RecordsApi.Respond(http, problem!);
        }

        var stream = record.Document is null ? null : await documents.OpenAsync(id, http.RequestAborted);
        return stream is null
            ? Problems.NotFound("document", "No signed scan has been uploaded for this agreement.")
            : Results.Stream(stream, "application/pdf", $"{id}.pdf");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge() => Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", "body",
        $"The signed scan is at most {AgreementDocuments.MaxBytes / 1024 / 1024} MiB.");
}
