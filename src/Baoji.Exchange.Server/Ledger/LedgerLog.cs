namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// The ledger's log events (the command pipeline's retries and breaker changes are Polly's own events, logged by
/// Polly.Extensions under the "Polly" category). Event ids 2000–2099 (ranges: see BaojiTelemetry).
/// </summary>
internal static partial class LedgerLog
{
    [LoggerMessage(EventId = 2001, EventName = "ProjectionsRepaired", Level = LogLevel.Information, Message = "Finished the owed projections of {Count} records.")]
    public static partial void ProjectionsRepaired(ILogger logger, int count);

    [LoggerMessage(EventId = 2002, EventName = "ProjectionRepairFailed", Level = LogLevel.Warning, Message = "The projection repair failed; it runs again in {Interval}.")]
    public static partial void ProjectionRepairFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 2003, EventName = "IndexLayoutMoved", Level = LogLevel.Information, Message = "Moved {Count} index rows of the earlier layout to the current one.")]
    public static partial void IndexLayoutMoved(ILogger logger, int count);

    [LoggerMessage(EventId = 2004, EventName = "IndexLayoutMoveFailed", Level = LogLevel.Warning, Message = "Moving the earlier layout's index rows failed; it is tried again in {Interval}.")]
    public static partial void IndexLayoutMoveFailed(ILogger logger, Exception exception, TimeSpan interval);
}
