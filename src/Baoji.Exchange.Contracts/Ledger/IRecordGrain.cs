using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>
/// One record, keyed by its id; both parties write here, so both sides see one record. Every state-changing
/// call carries an operation id: a call repeated with the same id (a retry after a timeout or a failed write)
/// returns the record without applying the change twice.
/// </summary>
[Alias("baoji.IRecordGrain")]
public interface IRecordGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<LedgerRecord?> Get();

    [Alias("Create")]
    Task<RecordResult> Create(string operationId, CreateRecord command);

    /// <summary>
    /// What a create with <paramref name="operationId"/> would meet here, without creating: null while there is no
    /// record, else its id and whether it was created by another operation (a keyed id's other body).
    /// </summary>
    [Alias("FindCreation")]
    Task<IdempotencyClaim?> FindCreation(string operationId);

    /// <summary>The counterpart confirms the record.</summary>
    [Alias("Confirm")]
    Task<RecordResult> Confirm(string operationId, string orgId, Actor by);

    /// <summary>The counterpart disputes the record.</summary>
    [Alias("Dispute")]
    Task<RecordResult> Dispute(string operationId, string orgId, string reason, Actor by);

    [Alias("Correct")]
    Task<RecordResult> Correct(string operationId, CorrectRecord command);

    /// <summary>Withdraws the record for <paramref name="side"/> (null: the administrator); only the logging side may.</summary>
    [Alias("Withdraw")]
    Task<RecordResult> Withdraw(string operationId, Province? side, string reason, Actor by);

    [Alias("Sign")]
    Task<RecordResult> Sign(string operationId, string orgId, DateOnly signedOn, Actor by);

    [Alias("Terminate")]
    Task<RecordResult> Terminate(string operationId, string orgId, DateOnly terminatedOn, string reason, Actor by);

    [Alias("AttachDocument")]
    Task<RecordResult> AttachDocument(string operationId, DocumentInfo document, Actor by);

    /// <summary>Marks the record as a duplicate of <paramref name="keepId"/> (counted once), or, with null, undoes that.</summary>
    [Alias("SetMergedInto")]
    Task<RecordResult> SetMergedInto(string operationId, string? keepId, Actor by);

    /// <summary>Writes the record's index rows and figure contributions again (repair and rebuild).</summary>
    [Alias("Reproject")]
    Task Reproject();
}
