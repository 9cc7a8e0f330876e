using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// A record as the API answers it (the OpenAPI schema of what <see cref="RecordJson"/> writes): the ledger's fields
/// below, and beside them, flat, the fields of its kind as its collection's POST takes them (a visit's, a training's…).
/// Never serialized itself: RecordJson is the one writer, this type only describes its output.
/// </summary>
/// <param name="Collection">visits, staff-exchanges, trainings or agreements.</param>
/// <param name="Version">The version to send back as If-Match (also the ETag).</param>
/// <param name="Counts">Whether the record counts in the figures (withdrawn, disputed and merged-away records do not).</param>
/// <param name="Awaiting">The side whose answer (confirm or dispute) the record waits for; only while logged or disputed.</param>
/// <param name="Signatures">Agreements only.</param>
/// <param name="SignedOn">Agreements only: the day both parties had signed (yyyy-MM-dd), or null.</param>
/// <param name="Termination">Agreements only.</param>
/// <param name="Document">Agreements only: the signed scan, once uploaded.</param>
/// <param name="History">Every change, oldest first; left out of lists.</param>
public sealed record RecordView(
    string Id,
    string Collection,
    string LoggedBy,
    DateTimeOffset LoggedAt,
    RecordStatus Status,
    int Version,
    bool Counts,
    Province? Awaiting = null,
    string? DisputeReason = null,
    string? MergedInto = null,
    IReadOnlyList<Signature>? Signatures = null,
    string? SignedOn = null,
    Termination? Termination = null,
    DocumentInfo? Document = null,
    IReadOnlyList<HistoryEntry>? History = null);

/// <summary>The answer of GET /api/v1/{collection}: a page of records (without their history).</summary>
/// <param name="ContinuationToken">Pass it back for the next page; null on the last.</param>
public sealed record RecordPageView(IReadOnlyList<RecordView> Items, string? ContinuationToken);
