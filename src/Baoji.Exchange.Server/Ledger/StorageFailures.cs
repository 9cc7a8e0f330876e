using Azure;
using Baoji.Exchange.Grains.Faults;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>The storage dependencies a command relies on, each with a circuit breaker of its own.</summary>
public enum StorageDependency
{
    /// <summary>Grain state (blobs): records, idempotency keys, tokens.</summary>
    Blobs,

    /// <summary>Tables: the ledger index, the figures, pending projections.</summary>
    Tables,
}

/// <summary>
/// What counts as a storage failure, and of which dependency: a storage service that failed or was unreachable
/// (RequestFailedException 0, 408, 429 or 5xx; IOException or HttpRequestException from its client) and the
/// injected failures of failpoints and tests. Not a refusal of a record (a result, or a 4xx), not a grain call that
/// timed out (one busy grain is no outage), not a cancellation.
/// </summary>
public static class StorageFailures
{
    public static StorageDependency? Classify(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } failed => FromSource(failed),
        RequestFailedException => null,
        // Failpoints stand for failures of the projection's table writes.
        FailpointException => StorageDependency.Tables,
        // An I/O failure below a storage client (tests inject theirs as one, in front of grain state).
        HttpRequestException or IOException => FromSource(exception),
        AggregateException { InnerExceptions: [var single] } => Classify(single),
        // Orleans wraps what a storage provider throws.
        OrleansException { InnerException: { } inner } => Classify(inner),
        _ => null,
    };

    private static StorageDependency FromSource(Exception exception) =>
        (exception.Source ?? "").Contains("Tables", StringComparison.Ordinal) || (exception.StackTrace ?? "").Contains("Azure.Data.Tables", StringComparison.Ordinal)
            ? StorageDependency.Tables
            : StorageDependency.Blobs;
}
