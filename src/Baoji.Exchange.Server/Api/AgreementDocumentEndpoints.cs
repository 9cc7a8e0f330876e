using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

/// <summary>PUT and GET of an agreement's signed scan: PDF only, size-limited, streamed, byte-identical on the way back.</summary>
internal static class AgreementDocumentEndpoints
{
    public static async Task<Results<RecordHttpResult, ProblemHttpResult>> PutAsync(string id, HttpContext http, AgreementScans scans)
    {
        var caller = http.Caller();
        if (http.Request.ContentType?.Split(';')[0].Trim() != "application/pdf")
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Content-Type", "The signed scan is uploaded as application/pdf.");
        }

        return RecordsApi.Command(await scans.UploadAsync(id, caller, http.Request.Body, http.Request.ContentLength, http.RequestAborted));
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetAsync(string id, HttpContext http, LedgerService ledger, AgreementDocuments documents)
    {
        var (record, problem) = await ledger.ReadAsync(RecordKind.Agreement, id, http.Caller(), AccessMatrix.DocumentGet);
        if (record is null)
        {
            return RecordsApi.Problem(problem!);
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
            : TypedResults.Stream(stream, "application/pdf", $"{id}.pdf");
    }
}
