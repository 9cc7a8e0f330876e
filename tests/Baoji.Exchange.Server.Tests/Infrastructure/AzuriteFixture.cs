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
        // Its blob garbage collection daily instead of every ten minutes (infra/azurite-gc-daily.cjs says why), set in
        // Azurite's environment alone: the collections' Azurites start side by side.
        _azurite = await AzuriteProcess.StartAsync(infra, dataDirectory: null, ports[0], ports[1], ports[2],
            TimeSpan.FromSeconds(60), NullLogger.Instance, environment: new Dictionary<string, string>
            {
                ["BAOJI_AZURITE_DIR"] = infra,
                ["NODE_OPTIONS"] = $"--require {Path.Combine(infra, "azurite-gc-daily.cjs")}",
            });
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

/// <summary>
/// The ledger's, the cluster's and persistence's tests, with an Azurite of their own: xunit runs collections side by
/// side, so these and <see cref="AzuriteCollection"/>'s (about five minutes each, one after another before) overlap.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "ledger";
}
