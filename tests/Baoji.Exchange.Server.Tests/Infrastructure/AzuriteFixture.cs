using Baoji.Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>A real Azurite, in memory, on free ports, shared by the tests of one collection.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task InitializeAsync()
    {
        var infra = RepositoryPaths.Find("infra") ?? throw new InvalidOperationException("infra/ not found");
        var ports = FreePorts.Take(3);
        _azurite = await AzuriteProcess.StartAsync(infra, dataDirectory: null, ports[0], ports[1], ports[2],
            TimeSpan.FromSeconds(60), NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
