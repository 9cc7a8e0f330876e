namespace Baoji.Exchange.Server.Imports;

/// <summary>An error of one row: the spreadsheet's row number, the column's Chinese header, the request field, the message's code and text.</summary>
public sealed record ImportRowError(int Row, string Column, string Field, string Code, string Message);

/// <summary>Where an import stands: previewed (waits for its commit), committing, completed, failed.</summary>
public static class ImportStates
{
    public const string Previewed = "previewed";
    public const string Committing = "committing";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// An import as the API and the pages show it. After the preview: <see cref="Total"/> rows, of which
/// <see cref="ToCreate"/> would become records, <see cref="AlreadyImported"/> are records already and
/// <see cref="ErrorRows"/> have errors (listed in <see cref="Errors"/>, at most <see cref="ImportService.MaxListedErrors"/>).
/// While and after the commit: <see cref="Done"/> of <see cref="Total"/>, <see cref="Created"/>, <see cref="Skipped"/>
/// (already records), <see cref="Failed"/>.
/// </summary>
public sealed record ImportStatus(
    string Id, string Kind, string OrganizationId, string FileName, string State,
    int Total, int ToCreate, int AlreadyImported, int ErrorRows,
    int Done, int Created, int Skipped, int Failed,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? Error,
    IReadOnlyList<ImportRowError> Errors, bool ErrorsTruncated);

/// <summary>What an import request came to: the import, or the problem (status, field, English message).</summary>
public sealed record ImportOutcome(ImportStatus? Import, int Status, string? Field, string? Message)
{
    public static ImportOutcome Ok(ImportStatus import, int status = 200) => new(import, status, null, null);

    public static ImportOutcome Problem(int status, string field, string message) => new(null, status, field, message);
}

/// <summary>One row ready for the commit, as stored between preview and commit: its number, its Idempotency-Key, its request as JSON.</summary>
public sealed record PreparedRow(int Row, string Key, System.Text.Json.Nodes.JsonObject Request);
