using Azure;
using Azure.Data.Tables;

namespace Baoji.Exchange.Server.Imports;

/// <summary>
/// The stored state of one import: a single table row of counters that stays the same size however many rows the file
/// has (row errors are rows of their own, the prepared rows a blob; <see cref="ImportStore"/>).
/// </summary>
public sealed class ImportJob : ITableEntity
{
    public const string Partition = "job";

    public string PartitionKey { get; set; } = Partition;

    /// <summary>The import id.</summary>
    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Kind { get; set; } = "";

    /// <summary>The organisation the import logs its records for (the caller's, or one under it; the administrator names it).</summary>
    public string OrganizationId { get; set; } = "";

    /// <summary>Who imports: the commit acts as this caller (a token's organisation, or the administrator).</summary>
    public string? CallerOrganizationId { get; set; }

    public bool CallerIsAdmin { get; set; }

    public string FileName { get; set; } = "";

    public string State { get; set; } = ImportStates.Previewed;

    public int Total { get; set; }

    public int ToCreate { get; set; }

    public int AlreadyImported { get; set; }

    public int ErrorRows { get; set; }

    public int Done { get; set; }

    public int Created { get; set; }

    public int Skipped { get; set; }

    public int Failed { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When the silo running the commit last wrote progress: a commit whose heartbeat is old died with its silo.</summary>
    public DateTimeOffset? Heartbeat { get; set; }

    public string? Error { get; set; }
}

/// <summary>One error of one row, stored under its import (partition: the import id; row key: phase, row number, index).</summary>
public sealed class ImportErrorEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Row { get; set; }

    public string Column { get; set; } = "";

    public string Field { get; set; } = "";

    /// <summary>The message as the rules wrote it (English); shown through the problem catalog in the reader's language.</summary>
    public string Message { get; set; } = "";
}
