using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Cluster;

/// <summary>
/// Two silos as two processes on one Azurite (AzureTable membership); eight clients write through both with retries
/// under the same Idempotency-Key, and one silo is SIGKILLed mid-way. Every acknowledged write is stored once, listed
/// once and counted once, and the audit finds nothing; the time from the kill to the survivor's first success is printed.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TwoSiloTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string AdminToken = "two-silo-admin-token-0123456789";
    // A year no other test writes, so the report and the audit see this test's records only.
    private const int Year = 2031;
    private const int Clients = 8;

    private readonly string _serviceId = $"two-silos-{Guid.NewGuid():N}"[..22];
    private readonly ClusterCertificate _certificate = ClusterCertificate.Create();
    private readonly string _logs = Directory.CreateTempSubdirectory("baoji-two-silos-").FullName;
    private readonly List<SiloProcess> _silos = [];
    private readonly List<StreamWriter> _logWriters = [];
    private readonly HttpClient _http = CreateClient();
    // Bounds the whole test; cancelled in DisposeAsync too, so no client keeps writing after a failure.
    private readonly CancellationTokenSource _bound = new(TimeSpan.FromSeconds(240));

    [Fact]
    public async Task A_silo_killed_mid_way_loses_no_acknowledged_write_and_counts_none_twice()
    {
        var bound = _bound.Token;
        // The silo that goes is the first one, which loaded the registry and holds its grains.
        var victim = await StartSiloAsync("first", bound);
        var survivor = await StartSiloAsync("second", bound);
        await WaitForActiveSilosAsync(2, bound);
        string[] urls = [victim.Url, survivor.Url];

        var attempts = new ConcurrentBag<WriteAttempt>();
        var writer = new FailoverWriter(_http, urls) { Attempted = attempts.Add };
        var results = new ConcurrentBag<WriteResult>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(bound);
        var acknowledged = 0;
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                // The logical write's key is fixed before the first attempt and kept through every retry.
                var result = await writer.WriteAsync("visits", $"{_serviceId}-{client}-{n}", Visit(client, n), client + n, bound);
                results.Add(result);
                if (result.Acknowledged)
                {
                    Interlocked.Increment(ref acknowledged);
                }
            }
        })).ToArray();

        // Mid-way: once the cluster has taken writes through both silos.
        await WaitUntilAsync(() => Volatile.Read(ref acknowledged) >= 60, TimeSpan.FromSeconds(30), bound);
        var killedAt = Stopwatch.GetTimestamp();
        victim.Kill();
        var acknowledgedAtKill = Volatile.Read(ref acknowledged);
        // Then writes go on until the survivor has taken a fair share on its own.
        await WaitUntilAsync(() => Volatile.Read(ref acknowledged) >= acknowledgedAtKill + 80, TimeSpan.FromSeconds(30), bound);
        await stop.CancelAsync();
        await Task.WhenAll(clients).WaitAsync(bound);

        var afterKill = attempts.Where(a => a.Started >= killedAt && a.Url == survivor.Url).OrderBy(a => a.Ended).ToList();
        var firstSuccess = afterKill.FirstOrDefault(a => a.Succeeded);
        var lastFailure = afterKill.LastOrDefault(a => !a.Succeeded);
        Assert.NotNull(firstSuccess);
        output.WriteLine($"Failover: {Stopwatch.GetElapsedTime(killedAt, firstSuccess.Ended).TotalSeconds:F2} s from the SIGKILL to the first write " +
            $"the survivor acknowledged; its last failed attempt ended {(lastFailure is null ? "never" : $"{Stopwatch.GetElapsedTime(killedAt, lastFailure.Ended).TotalSeconds:F2} s")} after the kill.");
        output.WriteLine($"{results.Count} logical writes ({acknowledgedAtKill} acknowledged before the kill), {attempts.Count} attempts, " +
            $"{attempts.Count(a => !a.Succeeded)} failed and retried.");

        var refused = results.Where(r => !r.Acknowledged).ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} writes were never acknowledged, e.g. {refused.FirstOrDefault()?.Refusal}");
        var ids = results.Select(r => r.Id!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());

        // A write caught on the killed silo between its record write and its projection lags in the list and the
        // figures until the background repair finishes it (ProjectionRepair: within RepairAfter + RepairInterval,
        // 15 s by default), so the tally is read until it agrees, for up to 30 s, and the last reading is asserted.
        LedgerTally? tally = null;
        var converging = Stopwatch.StartNew();
        while (tally is not { Agrees: true } && converging.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (tally is not null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), bound);
            }

            tally = await LedgerTally.TakeAsync(_http, [survivor.Url], ids, Bodies.Longxian, "610300", Year, bound);
        }

        output.WriteLine($"Tally after {converging.Elapsed.TotalSeconds:F1} s: {tally}");
        Assert.Equal(ids.Count, tally!.Acknowledged);
        Assert.Equal(ids.Count, tally.Stored);
        Assert.Equal(0, tally.Lost);
        Assert.Equal(0, tally.ListedTwice);
        Assert.Equal(0, tally.Unacknowledged);
        Assert.Equal(ids.Count, tally.Listed);
        Assert.Equal(ids.Count, tally.Counted);
        Assert.True(tally.AuditDifferences == 0, $"The audit found differences: {tally.Audit}");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Stops the clients and kills whatever still runs, even when the test failed half-way; Azurite is the fixture's and stays.
        await _bound.CancelAsync();
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        output.WriteLine($"Silo logs: {_logs}");
    }

    /// <summary>After <see cref="DisposeAsync"/> (xunit calls both): the silos are gone, so nothing writes to the logs any more.</summary>
    public void Dispose()
    {
        _http.Dispose();
        _bound.Dispose();
        _certificate.Dispose();
        foreach (var log in _logWriters)
        {
            lock (log)
            {
                log.Dispose();
            }
        }
    }

    private async Task<SiloProcess> StartSiloAsync(string name, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Take(3);
        var log = new StreamWriter(Path.Combine(_logs, $"silo-{name}.log")) { AutoFlush = true };
        _logWriters.Add(log);
        var settings = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Cluster__Membership"] = "AzureTable",
            ["Cluster__ServiceId"] = _serviceId,
            ["Cluster__ClusterId"] = _serviceId,
            ["Cluster__SiloPort"] = $"{ports[1]}",
            // The silos talk TLS and admit only a peer with the cluster's certificate (ClusterEndpoints).
            ["Cluster__TlsCertificatePath"] = _certificate.Path,
            ["Cluster__TlsCertificatePassword"] = _certificate.Password,
            ["Auth__AdminToken"] = AdminToken,
            // Both silos may load the registry: the first marks it loaded and the second finds it so (SeedLoader).
            ["Seeds__LoadLedger"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // Probes of 1 s instead of 250 ms: the suite runs the browser tests beside this one on two cores, and a
            // starved silo must not be voted dead while it starts (seen under load). Failover is then ~3–4 s.
            ["Cluster__ProbeTimeoutMilliseconds"] = "1000",
        };
        var repository = Path.GetDirectoryName(RepositoryPaths.Find("src"))!;
        var silo = await SiloProcess.StartAsync(repository, ports[0], settings, line => Append(log, line),
            TimeSpan.FromSeconds(60), cancellationToken);
        _silos.Add(silo);
        return silo;
    }

    private static void Append(StreamWriter log, string line)
    {
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A last line after the test ended.
            }
        }
    }

    /// <summary>The second silo joined: both rows of this cluster in the membership table are Active.</summary>
    private async Task WaitForActiveSilosAsync(int count, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("OrleansSiloInstances");
        var active = 0;
        await WaitUntilAsync(() =>
        {
            active = table.Query<TableEntity>(e => e.PartitionKey == _serviceId, cancellationToken: cancellationToken)
                .Count(e => e.GetString("Status") == "Active");
            return active == count;
        }, TimeSpan.FromSeconds(20), cancellationToken);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Not reached within {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>A bureau visit 陇县 → 铜山区 in <see cref="Year"/>, a different one per client and write.</summary>
    private static JsonObject Visit(int client, int n)
    {
        var visit = Bodies.Visit();
        var start = new DateOnly(Year, 1, 1).AddDays((client * 37 + n) % 360);
        visit["startDate"] = start.ToString("yyyy-MM-dd");
        visit["endDate"] = start.AddDays(1).ToString("yyyy-MM-dd");
        visit["delegationSize"] = 1 + n % 9;
        visit["purpose"] = $"two-silo failover test, client {client}, write {n}";
        visit["loggedBy"] = Bodies.Longxian;
        return visit;
    }

    private static HttpClient CreateClient()
    {
        // A killed silo's port refuses at once on loopback; the connect timeout bounds a host that does not answer at all.
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return http;
    }
}
