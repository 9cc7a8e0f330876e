using Baoji.Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>A real Azurite, in memory, on free ports, shared by the tests of one collection (blob garbage collection daily).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task InitializeAsync()
    {
        var infra = RepositoryPaths.Find("infra") ?? throw new InvalidOperationException("infra/ not found");
        var ports = FreePorts.Take(3);
        // Its blob garbage collection daily instead of every ten minutes (infra/azurite-gc-daily.cjs says why); the child
        // process inherits these variables, and nothing else this process starts needs them.
        Environment.SetEnvironmentVariable("BAOJI_AZURITE_DIR", infra);
        Environment.SetEnvironmentVariable("NODE_OPTIONS", $"--require {Path.Combine(infra, "azurite-gc-daily.cjs")}");
        try
        {
            _azurite = await AzuriteProcess.StartAsync(infra, dataDirectory: null, ports[0], ports[1], ports[2],
                TimeSpan.FromSeconds(60), NullLogger.Instance);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NODE_OPTIONS", null);
        }
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
