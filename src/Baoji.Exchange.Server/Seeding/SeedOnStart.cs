using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Seeding;

/// <summary>Loads the seeds once the silo runs (registered after it, so it starts after it).</summary>
internal sealed class SeedOnStart(SeedLoader loader, LedgerSeedLoader ledger, IOptions<SeedOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.LoadOnStart)
        {
            await loader.LoadRegistryAsync(cancellationToken);
            // Exchange logs (ledger-*.json) after the registry their records refer to.
            var logs = options.Value.LoadLedger ? Directory.GetFiles(loader.SeedDirectory!, "ledger-*.json") : [];
            foreach (var log in logs.Order(StringComparer.Ordinal))
            {
                await ledger.LoadAsync(log, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
