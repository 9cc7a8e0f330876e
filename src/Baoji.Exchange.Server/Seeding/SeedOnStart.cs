using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Seeding;

/// <summary>Loads the seeds once the silo runs (registered after it, so it starts after it).</summary>
internal sealed class SeedOnStart(SeedLoader loader, IOptions<SeedOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.LoadOnStart)
        {
            await loader.LoadRegistryAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
