using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;

namespace Baoji.Exchange.Server.Api;

/// <summary>PUT and GET of an agreement's signed scan: PDF only, size-limited, streamed, byte-identical on the way back.</summary>
internal static class AgreementDocumentEndpoints
{
    private static readonly byte[] PdfSignature = "%PDF-"u8.ToArray();

    public static async Task<IResult> PutAsync(string id, HttpContext http, LedgerService ledger, AgreementDocuments documents)
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

        var (record, problem) = await ledger.ReadAsync(RecordKind.Agreement, id, caller, AccessMatrix.DocumentPut);
        if (record is null)
        {
            return RecordsApi.Respond(http, problem!);
        }

        // The party the scan is kept under: the caller's own party of the agreement (the administrator's under "admin").
        var party = caller.IsAdmin ? "admin" : await ledger.PartyOfCallerAsync(record, caller);
        if (party is null)
        {
            return Problems.Forbidden("id", "Only a party of the agreement uploads its scan.");
        }

        // Only the signature is read ahead; the rest streams to storage, hashed and counted on the way.
        var head = new byte[PdfSignature.Length];
        var headLength = await http.Request.Body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, http.RequestAborted);
        if (headLength < head.Length || !head.AsSpan().SequenceEqual(PdfSignature))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "body", "The body is not a PDF file (it does not start with %PDF-).");
        }

        DocumentInfo document;
        try
        {
            document = await documents.UploadAsync(id, party, caller.Actor, head, http.Request.Body, http.RequestAborted);
        }
        catch (ScanTooLargeException)
        {
            return TooLarge();
        }

        return RecordsApi.Respond(http, await ledger.AttachDocumentAsync(id, document, caller, http.RequestAborted));
    }

    public static async Task<IResult> GetAsync(string id, HttpContext http, LedgerService ledger, AgreementDocuments documents)
    {
        var (record, problem) = await ledger.ReadAsync(RecordKind.Agreement, id, http.Caller(), AccessMatrix.DocumentGet);
        if (record is null)
        {
            return RecordsApi.Respond(http, problem!);
        }

        if (record.Document is null)
        {
            return Problems.NotFound("document", "No signed scan has been uploaded for this agreement.");
        }

        // A scan that is not the one recorded is not served: 409, since it is the stored resource that disagrees with
        // the record (not a passing outage a retry would cure: 503), and a party resolves it by uploading the scan again.
        var (stream, mismatch) = await documents.OpenVerifiedAsync(id, record.Document, http.RequestAborted);
        return stream is null
            ? Problems.Conflict("document", mismatch!)
            : Results.Stream(stream, "application/pdf", $"{id}.pdf");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge() => Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", "body",
        $"The signed scan is at most {AgreementDocuments.MaxBytes / 1024 / 1024} MiB.");
}
