using Baoji.Exchange.Grains;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// Thrown by <see cref="FaultyGrainStorage"/> in place of a real storage error: an I/O failure below grain state,
/// which the command circuit breaker counts as a failure of the blobs.
/// </summary>
public sealed class InjectedStorageFaultException(string message) : IOException(message);

/// <summary>
/// Arms failures of grain state writes: "before" fails the write without storing anything; "after" stores the
/// state and then fails, as a timeout after a successful write looks to the caller.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private int _failBefore;
    private int _failAfter;
    private int _failReads;
    private string? _stateName;
    private int _writes;

    /// <summary>Failures thrown so far.</summary>
    public int Injected { get; private set; }

    /// <summary>Successful writes that reached storage while armed or not.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Fails the next <paramref name="count"/> writes (of state <paramref name="stateName"/>, or any) before writing.</summary>
    public void FailBeforeWrite(int count, string? stateName = null) => Arm(count, 0, stateName);

    /// <summary>Writes, then fails, the next <paramref name="count"/> writes (of state <paramref name="stateName"/>, or any).</summary>
    public void FailAfterWrite(int count, string? stateName = null) => Arm(0, count, stateName);

    /// <summary>Fails the next <paramref name="count"/> reads of the state named when the last write failure was armed (or of any state).</summary>
    public void FailReads(int count)
    {
        lock (_gate)
        {
            _failReads = count;
        }
    }

    /// <summary>Disarms and sets <see cref="Injected"/> back to 0.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Arm(0, 0, null);
            _failReads = 0;
            Injected = 0;
        }
    }

    private void Arm(int before, int after, string? stateName)
    {
        lock (_gate)
        {
            _failBefore = before;
            _failAfter = after;
            _stateName = stateName;
        }
    }

    internal bool TakeBefore(string stateName) => Take(ref _failBefore, stateName);

    internal bool TakeAfter(string stateName) => Take(ref _failAfter, stateName);

    internal bool TakeRead(string stateName) => Take(ref _failReads, stateName);

    internal void Wrote() => Interlocked.Increment(ref _writes);

    private bool Take(ref int armed, string stateName)
    {
        lock (_gate)
        {
            if (armed <= 0 || (_stateName is not null && _stateName != stateName))
            {
                return false;
            }

            armed--;
            Injected++;
            return true;
        }
    }
}

/// <summary>The real Azure Table grain storage with <see cref="FaultInjector"/>'s failures in front of its writes.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, FaultInjector faults) : IStateRowStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.TakeRead(stateName)
            ? throw new InjectedStorageFaultException($"Injected: read of {stateName} for {grainId} failed.")
            : inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (faults.TakeBefore(stateName))
        {
            throw new InjectedStorageFaultException($"Injected: write of {stateName} for {grainId} failed before writing.");
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
        faults.Wrote();
        if (faults.TakeAfter(stateName))
        {
            throw new InjectedStorageFaultException($"Injected: write of {stateName} for {grainId} was stored, but the caller sees a failure.");
        }
    }

    public Task<string?> ReadStateWithSharedRowAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.TakeRead(stateName)
            ? throw new InjectedStorageFaultException($"Injected: read of {stateName} for {grainId} failed.")
            : Rows.ReadStateWithSharedRowAsync(stateName, grainId, grainState);

    /// <summary>A state written with a shared row (a record with its pending mark) fails as a lone state write does.</summary>
    public async Task<SharedRowLease> WriteStateWithSharedRowAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, SharedRowRequest shared)
    {
        if (faults.TakeBefore(stateName))
        {
            throw new InjectedStorageFaultException($"Injected: write of {stateName} for {grainId} failed before writing.");
        }

        var lease = await Rows.WriteStateWithSharedRowAsync(stateName, grainId, grainState, shared);
        faults.Wrote();
        if (faults.TakeAfter(stateName))
        {
            throw new InjectedStorageFaultException($"Injected: write of {stateName} for {grainId} was stored, but the caller sees a failure.");
        }

        return lease;
    }

    private IStateRowStorage Rows => (IStateRowStorage)inner;

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>Orleans starts storage providers as silo lifecycle participants; the inner one creates its table here.</summary>
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}

public static class FaultInjectionServices
{
    /// <summary>Every grain storage the silo has: blobs for most state, table rows for the records'.</summary>
    private static readonly string[] Storages = [StorageNames.GrainState, StorageNames.RecordState];

    /// <summary>Replaces each grain storage with a faulty wrapper of the real one, all armed by <paramref name="faults"/>.</summary>
    public static IServiceCollection AddFaultyGrainStorage(this IServiceCollection services, FaultInjector faults)
    {
        services.AddSingleton(faults);
        foreach (var name in Storages)
        {
            var registered = services.LastOrDefault(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name))
                ?? throw new InvalidOperationException($"No grain storage named {name} is registered to wrap.");
            services.Remove(registered);
            services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new FaultyGrainStorage(Create(registered, sp, key), sp.GetRequiredService<FaultInjector>()));
        }

        return services;
    }

    private static IGrainStorage Create(ServiceDescriptor registered, IServiceProvider services, object? key) =>
        (IGrainStorage)(registered.KeyedImplementationInstance
            ?? registered.KeyedImplementationFactory?.Invoke(services, key)
            ?? ActivatorUtilities.CreateInstance(services, registered.KeyedImplementationType!));
}
