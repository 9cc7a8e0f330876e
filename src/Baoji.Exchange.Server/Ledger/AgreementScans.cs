using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Identity;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// Uploading an agreement's signed scan: PDF only (it starts with %PDF-), at most <see cref="AgreementDocuments.MaxBytes"/>,
/// by a party of the agreement, streamed to storage hashed and counted. The API's PUT and the agreement page both
/// upload through here.
/// </summary>
public sealed class AgreementScans(LedgerService ledger, AgreementDocuments documents)
{
    private static readonly byte[] PdfSignature = "%PDF-"u8.ToArray();

    public async Task<LedgerOutcome> UploadAsync(string id, Caller caller, Stream content, long? length, CancellationToken cancellationToken)
    {
        if (length > AgreementDocuments.MaxBytes)
        {
            return TooLarge();
        }

        var (record, problem) = await ledger.ReadAsync(RecordKind.Agreement, id, caller, AccessMatrix.DocumentPut);
        if (record is null)
        {
            return problem!;
        }

        // The party the scan is kept under: the caller's own party of the agreement (the administrator's under "admin").
        var party = caller.IsAdmin ? "admin" : await ledger.PartyOfCallerAsync(record, caller);
        if (party is null)
        {
            return LedgerOutcome.Problem(StatusCodes.Status403Forbidden, "id", "Only a party of the agreement uploads its scan.");
        }

        // Only the signature is read ahead; the rest streams to storage, hashed and counted on the way.
        var head = new byte[PdfSignature.Length];
        var headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (headLength < head.Length || !head.AsSpan().SequenceEqual(PdfSignature))
        {
            return LedgerOutcome.Problem(StatusCodes.Status415UnsupportedMediaType, "body", "The body is not a PDF file (it does not start with %PDF-).");
        }

        DocumentInfo document;
        try
        {
            document = await documents.UploadAsync(id, party, caller.Actor, head, content, cancellationToken);
        }
        catch (ScanTooLargeException)
        {
            return TooLarge();
        }

        return await ledger.AttachDocumentAsync(id, document, caller, cancellationToken);
    }

    private static LedgerOutcome TooLarge() => LedgerOutcome.Problem(StatusCodes.Status413PayloadTooLarge, "body",
        $"The signed scan is at most {AgreementDocuments.MaxBytes / 1024 / 1024} MiB.");
}
