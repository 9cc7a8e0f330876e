namespace Baoji.Exchange.Server.Hosting;

/// <summary>The host's log events: storage and the Azurite it starts. Event ids 1000–1099 (ranges: see BaojiTelemetry).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1001, EventName = "StorageConfigured", Level = LogLevel.Information, Message = "Using the configured storage account")]
    public static partial void StorageConfigured(ILogger logger);

    [LoggerMessage(EventId = 1002, EventName = "AzuriteInstalling", Level = LogLevel.Information, Message = "Installing Azurite into {Infra} (npm ci)…")]
    public static partial void AzuriteInstalling(ILogger logger, string infra);

    [LoggerMessage(EventId = 1003, EventName = "AzuriteListening", Level = LogLevel.Information,
        Message = "Azurite {Pid} listening on 127.0.0.1:{Blob}/{Queue}/{Table}, data in {Data}")]
    public static partial void AzuriteListening(ILogger logger, int pid, int blob, int queue, int table, string data);

    [LoggerMessage(EventId = 1004, EventName = "AzuriteOutput", Level = LogLevel.Debug, Message = "azurite: {Line}")]
    public static partial void AzuriteOutput(ILogger logger, string line);

    [LoggerMessage(EventId = 1005, EventName = "AzuriteError", Level = LogLevel.Warning, Message = "azurite: {Line}")]
    public static partial void AzuriteError(ILogger logger, string line);

    [LoggerMessage(EventId = 1006, EventName = "AzuriteLeftoverStopping", Level = LogLevel.Warning, Message = "Stopping Azurite {Pid} left behind by an earlier run")]
    public static partial void AzuriteLeftoverStopping(ILogger logger, int pid);

    [LoggerMessage(EventId = 1007, EventName = "AzuriteStopping", Level = LogLevel.Information, Message = "Stopping Azurite {Pid}")]
    public static partial void AzuriteStopping(ILogger logger, int pid);
}
