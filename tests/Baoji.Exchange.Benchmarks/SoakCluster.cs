using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baoji.Exchange.Benchmarks;

/// <summary>
/// The soak's cluster: one Azurite on disk (so it can be stopped and started again on the same data) and a fixed
/// number of silo slots, each with its own ports for good, so a restarted silo comes back where clients look for it.
/// </summary>
internal sealed class SoakCluster : IAsyncDisposable
{
    public const string AdminToken = "soak-admin-token-0123456789abcdef";

    private readonly string _repository;
    private readonly string _work;
    private readonly int[] _azuritePorts = FreePorts(3);
    private readonly Slot[] _slots;
    private readonly string _serviceId = $"soak-{Guid.NewGuid():N}"[..17];
    private AzuriteProcess? _azurite;

    private SoakCluster(string repository, string work, int silos)
    {
        _repository = repository;
        _work = work;
        _slots = [.. Enumerable.Range(0, silos).Select(i => new Slot(i, FreePorts(3), Path.Combine(work, $"silo-{i}.log")))];
    }

    public IReadOnlyList<string> Urls => [.. _slots.Select(s => s.Url)];

    public int Silos => _slots.Length;

    /// <summary>The connection string of the cluster's Azurite.</summary>
    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    /// <summary>Where the silos' logs and Azurite's data are kept.</summary>
    public string WorkDirectory => _work;

    public static async Task<SoakCluster> StartAsync(string repository, int silos, CancellationToken cancellationToken)
    {
        var cluster = new SoakCluster(repository, Directory.CreateTempSubdirectory("baoji-soak-").FullName, silos);
        try
        {
            await cluster.StartAzuriteAsync(cancellationToken);
            // One after the other: the first loads the registry, the others join the cluster it formed.
            foreach (var slot in cluster._slots)
            {
                await cluster.StartSiloAsync(slot.Index, cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILLs the silo of a slot; its URL refuses connections until <see cref="StartSiloAsync"/>.</summary>
    public void Kill(int slot) => _slots[slot].Process?.Kill();

    public async Task StartSiloAsync(int slot, CancellationToken cancellationToken)
    {
        var s = _slots[slot];
        if (s.Process is { } old)
        {
            await old.DisposeAsync();
        }

        var settings = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = _azurite!.ConnectionString,
            ["Cluster__Membership"] = "AzureTable",
            ["Cluster__ServiceId"] = _serviceId,
            ["Cluster__ClusterId"] = _serviceId,
            ["Cluster__SiloPort"] = $"{s.Ports[1]}",
            // Bound to loopback: the cluster mode's alternative to TLS (see ClusterEndpoints).
            ["Cluster__SiloAddress"] = "127.0.0.1",
            ["Auth__AdminToken"] = AdminToken,
            ["Seeds__LoadLedger"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        s.Process = await SiloProcess.StartAsync(_repository, s.Ports[0], settings, s.Append, TimeSpan.FromSeconds(90), cancellationToken);
    }

    /// <summary>Stops Azurite as an operator would (SIGTERM: it saves its data) and starts it again on the same folder and ports.</summary>
    /// <returns>How long Azurite took to save and exit.</returns>
    public async Task<TimeSpan> RestartAzuriteAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        var stopping = Stopwatch.StartNew();
        if (_azurite is not null)
        {
            // AzuriteProcess gives it 10 s to save before killing it; with a few thousand records on disk it may need
            // more, and a kill there would lose acknowledged writes to the emulator, not to the service.
            using (var term = Process.Start("kill", ["-TERM", $"{_azurite.ProcessId}"]))
            {
                await term.WaitForExitAsync(cancellationToken);
            }

            try
            {
                using var azurite = Process.GetProcessById(_azurite.ProcessId);
                using var saving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                saving.CancelAfter(TimeSpan.FromSeconds(60));
                await azurite.WaitForExitAsync(saving.Token);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }

            await _azurite.DisposeAsync();
            _azurite = null;
        }

        var stopped = stopping.Elapsed;
        await Task.Delay(down, cancellationToken);
        await StartAzuriteAsync(cancellationToken);
        return stopped;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots)
        {
            if (slot.Process is { } process)
            {
                await process.DisposeAsync();
            }

            slot.Dispose();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    private async Task StartAzuriteAsync(CancellationToken cancellationToken) =>
        _azurite = await AzuriteProcess.StartAsync(Path.Combine(_repository, "infra"), Path.Combine(_work, "azurite"),
            _azuritePorts[0], _azuritePorts[1], _azuritePorts[2], TimeSpan.FromSeconds(60), NullLogger.Instance, cancellationToken);

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    /// <param name="ports">HTTP, silo and gateway port.</param>
    private sealed class Slot(int index, int[] ports, string logPath) : IDisposable
    {
        private readonly StreamWriter _log = new(logPath, append: true) { AutoFlush = true };

        public int Index { get; } = index;

        public int[] Ports { get; } = ports;

        public string Url => $"http://127.0.0.1:{Ports[0]}";

        public SiloProcess? Process { get; set; }

        public void Append(string line)
        {
            lock (_log)
            {
                try
                {
                    _log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
                }
                catch (ObjectDisposedException)
                {
                    // A last line after the soak ended.
                }
            }
        }

        public void Dispose()
        {
            lock (_log)
            {
                _log.Dispose();
            }
        }
    }
}
