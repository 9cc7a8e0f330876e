namespace Baoji.Exchange.Contracts.Ledger;

[GenerateSerializer, Alias("baoji.RecordErrorKind")]
public enum RecordErrorKind
{
    NotFound = 0,
    Conflict = 1,
    PreconditionFailed = 2,
    Invalid = 3,
    Unprocessable = 4,
    Forbidden = 5,
}

/// <summary>A rule the command broke; nothing was changed.</summary>
[GenerateSerializer, Immutable, Alias("baoji.RecordError")]
public sealed record RecordError(
    [property: Id(0)] RecordErrorKind Kind,
    [property: Id(1)] string Field,
    [property: Id(2)] string Message);

/// <summary>The record after the command, or the rule it broke.</summary>
[GenerateSerializer, Immutable, Alias("baoji.RecordResult")]
public sealed record RecordResult(
    [property: Id(0)] LedgerRecord? Record,
    [property: Id(1)] RecordError? Error,
    [property: Id(2)] bool Replayed = false)
{
    public static RecordResult Ok(LedgerRecord record, bool replayed = false) => new(record, null, replayed);

    public static RecordResult Fail(RecordErrorKind kind, string field, string message) => new(null, new RecordError(kind, field, message));
}
