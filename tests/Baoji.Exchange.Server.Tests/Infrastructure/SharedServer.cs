namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// One server for all tests of a class (an xunit class fixture): started on first use against the collection's
/// Azurite, with a service id of its own, and stopped when the class is done.
/// </summary>
public sealed class SharedServer : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private ServerFactory? _server;

    public FaultInjector Faults { get; } = new();

    /// <summary>The class's server; <paramref name="withFaults"/> puts <see cref="Faults"/> in front of grain storage.</summary>
    public ServerFactory Get(AzuriteFixture azurite, string prefix, bool withFaults = false)
    {
        lock (_gate)
        {
            return _server ??= new ServerFactory(azurite, NewServiceId(prefix), testServices: withFaults ? s => s.AddFaultyGrainStorage(Faults) : null);
        }
    }

    public static string NewServiceId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
