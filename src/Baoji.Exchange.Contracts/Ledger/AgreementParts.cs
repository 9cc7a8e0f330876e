namespace Baoji.Exchange.Contracts.Ledger;

[GenerateSerializer, Immutable, Alias("baoji.Signature")]
public sealed record Signature(
    [property: Id(0)] string OrgId,
    [property: Id(1)] DateOnly SignedOn,
    [property: Id(2)] string RecordedBy);

[GenerateSerializer, Immutable, Alias("baoji.Termination")]
public sealed record Termination(
    [property: Id(0)] string OrgId,
    [property: Id(1)] DateOnly TerminatedOn,
    [property: Id(2)] string Reason,
    [property: Id(3)] string RecordedBy);

/// <summary>The signed scan of an agreement, kept in blob storage.</summary>
/// <param name="BlobName">Where the scan is stored (one blob per upload, under the uploading party); null for scans
/// stored before that, under "{agreementId}.pdf". Internal: not part of the API's JSON.</param>
[GenerateSerializer, Immutable, Alias("baoji.DocumentInfo")]
public sealed record DocumentInfo(
    [property: Id(0)] string Sha256,
    [property: Id(1)] long Length,
    [property: Id(2)] DateTimeOffset UploadedAt,
    [property: Id(3)] string UploadedBy,
    [property: Id(4), System.Text.Json.Serialization.JsonIgnore] string? BlobName = null);
