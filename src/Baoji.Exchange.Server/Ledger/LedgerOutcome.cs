using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Api;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>What a ledger command came to: the record (created or changed), or the problem with the request.</summary>
public sealed record LedgerOutcome(LedgerRecord? Record, bool Created, int Status, FieldErrors? Errors)
{
    /// <summary>The command had been carried out before (a repeat under the same Idempotency-Key or operation id): nothing new was written.</summary>
    public bool Replayed { get; init; }

    public static LedgerOutcome Ok(LedgerRecord record, bool created = false) => new(record, created, created ? 201 : 200, null);

    public static LedgerOutcome Problem(int status, string field, string message) => new(null, false, status, FieldErrors.Of(field, message));

    public static LedgerOutcome Invalid(FieldErrors errors) => new(null, false, 400, errors);

    public static LedgerOutcome From(RecordResult result, bool created = false) => result.Error is { } error
        ? Problem(error.Kind switch
        {
            RecordErrorKind.NotFound => 404,
            RecordErrorKind.Conflict => 409,
            RecordErrorKind.PreconditionFailed => 412,
            RecordErrorKind.Unprocessable => 422,
            RecordErrorKind.Forbidden => 403,
            _ => 400,
        }, error.Field, error.Message)
        : Ok(result.Record!, created) with { Replayed = result.Replayed };
}
