using Microsoft.Extensions.Logging;

namespace Baoji.Exchange.Grains.Diagnostics;

/// <summary>The grains' log events: record projections and figure rebuilds. Event ids 2100–2199 (ranges: see <see cref="BaojiTelemetry"/>).</summary>
internal static partial class GrainsLog
{
    [LoggerMessage(EventId = 2101, EventName = "OwedProjectionFailedOnActivation", Level = LogLevel.Warning,
        Message = "Record {RecordId}: the owed projection of version {Version} failed on activation.")]
    public static partial void OwedProjectionFailedOnActivation(ILogger logger, Exception exception, string recordId, int version);

    [LoggerMessage(EventId = 2111, EventName = "FiguresRebuildFailed", Level = LogLevel.Warning,
        Message = "The rebuild {JobId} failed; the figures stay at generation {Current}.")]
    public static partial void FiguresRebuildFailed(ILogger logger, Exception exception, string jobId, int current);

    [LoggerMessage(EventId = 2112, EventName = "FiguresRebuildOutcomeNotStored", Level = LogLevel.Warning,
        Message = "The outcome of rebuild {JobId} could not be stored.")]
    public static partial void FiguresRebuildOutcomeNotStored(ILogger logger, Exception exception, string jobId);
}
