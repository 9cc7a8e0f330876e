namespace Baoji.Exchange.Server.Hosting;

/// <summary>
/// Stops the Azurite the server started. Registered before the silo, so it stops after the silo
/// (hosted services stop in reverse order) and the silo's last writes still reach storage.
/// </summary>
internal sealed class AzuriteLifetime(AzuriteProcess azurite, ILogger<AzuriteLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        HostingLog.AzuriteStopping(logger, azurite.ProcessId);
        await azurite.DisposeAsync();
    }
}
