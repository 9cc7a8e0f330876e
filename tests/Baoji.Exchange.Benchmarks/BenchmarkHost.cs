using System.Net;
using System.Text.Json;
using Baoji.Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baoji.Exchange.Benchmarks;

/// <summary>
/// The start-up every benchmark shares: an in-memory Azurite on free loopback ports with its blob garbage collection
/// made daily, and the real server (the run command) against it, counting its storage requests into a file.
/// </summary>
internal sealed class BenchmarkHost : IAsyncDisposable
{
    private readonly string _operationsFile;

    private BenchmarkHost(AzuriteProcess azurite, ServerProcess server, string operationsFile)
    {
        Azurite = azurite;
        Server = server;
        _operationsFile = operationsFile;
    }

    public AzuriteProcess Azurite { get; }

    public ServerProcess Server { get; }

    public static string Repository => Path.GetDirectoryName(RepositoryPaths.Find("src")) ?? throw new InvalidOperationException("Run from the repository.");

    /// <summary>Where an on-disk Azurite keeps its data (deleted with the host); null in memory.</summary>
    public string? DataDirectory { get; private init; }

    public static async Task<BenchmarkHost> StartAsync(bool loadLedger, bool onDisk = false)
    {
        var repository = Repository;
        var ports = FreePorts(3);
        // Azurite in memory by default: on disk it rewrites its whole table database every five seconds, hundreds of MB
        // at volume. --on-disk measures the store the run command starts (a folder, as infra/ gives it).
        // Its blob garbage collection is made daily (see azurite-gc-daily.cjs), in Azurite's environment alone.
        var dataDirectory = onDisk ? Directory.CreateTempSubdirectory("baoji-benchmark-azurite-").FullName : null;
        var infra = Path.Combine(repository, "infra");
        var azurite = await AzuriteProcess.StartAsync(infra, dataDirectory, ports[0], ports[1], ports[2], TimeSpan.FromSeconds(60), NullLogger.Instance,
            environment: new Dictionary<string, string> { ["BAOJI_AZURITE_DIR"] = infra, ["NODE_OPTIONS"] = $"--require {Path.Combine(infra, "azurite-gc-daily.cjs")}" });
        var operationsFile = Path.Combine(Path.GetTempPath(), $"baoji-benchmark-storage-{Environment.ProcessId}.json");
        File.Delete(operationsFile);
        try
        {
            var server = await ServerProcess.StartAsync(repository, azurite.ConnectionString, loadLedger, operationsFile);
            return new BenchmarkHost(azurite, server, operationsFile) { DataDirectory = dataDirectory };
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's storage requests so far, by kind ("table upsert", "blob put", …); waits for the file to catch up.</summary>
    public async Task<IReadOnlyDictionary<string, long>> StorageOperationsAsync()
    {
        // The server writes the file every 200 ms while the counts change.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        return File.Exists(_operationsFile)
            ? JsonSerializer.Deserialize<Dictionary<string, long>>(await File.ReadAllTextAsync(_operationsFile))!
            : new Dictionary<string, long>();
    }

    /// <summary>Resident memory in MiB of a process and its children (the run command starts the server as a child).</summary>
    public static double ResidentMiB(int pid) => SumOverTree(pid, p =>
    {
        var rss = File.ReadLines($"/proc/{p}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return rss is null ? 0 : long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    });

    /// <summary>CPU seconds (user and system) a process and its children have used so far.</summary>
    public static double CpuSeconds(int pid) => SumOverTree(pid, p =>
    {
        // After the command's closing parenthesis: state is field 3, utime and stime are fields 14 and 15, in clock ticks (100/s).
        var stat = File.ReadAllText($"/proc/{p}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    });

    private static double SumOverTree(int pid, Func<int, double> measure)
    {
        var total = 0.0;
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var p))
        {
            try
            {
                total += measure(p);
                foreach (var task in Directory.EnumerateDirectories($"/proc/{p}/task"))
                {
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        pending.Push(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
            catch (IOException)
            {
                // Exited meanwhile.
            }
        }

        return total;
    }

    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Azurite.DisposeAsync();
        File.Delete(_operationsFile);
        if (DataDirectory is not null)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
