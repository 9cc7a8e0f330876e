using System.Diagnostics;
using System.Net;

namespace Baoji.Exchange.Benchmarks;

/// <summary>The real server, started with the README's run command against a given storage, listening on loopback.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The run command's process; the server itself is its child.</summary>
    public int ProcessId => _process.Id;

    public static readonly string LogPath = Path.Combine(Path.GetTempPath(), "baoji-benchmark-server.log");

    public const string AdminToken = "benchmark-admin-token-0123456789";

    public static async Task<ServerProcess> StartAsync(string repository, string connectionString, bool loadLedger, string? storageOperationsFile = null)
    {
        var ports = BenchmarkHost.FreePorts(3);
        var url = $"http://127.0.0.1:{ports[0]}";
        var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "-c", "Release", "--project", "src/Baoji.Exchange.Server", "--", "--urls", url])
        {
            WorkingDirectory = repository,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Storage__ConnectionString"] = connectionString;
        start.Environment["Cluster__SiloPort"] = $"{ports[1]}";
        start.Environment["Cluster__GatewayPort"] = $"{ports[2]}";
        start.Environment["Cluster__ServiceId"] = $"bench-{Guid.NewGuid():N}"[..20];
        start.Environment["Auth__AdminToken"] = AdminToken;
        start.Environment["Seeds__LoadLedger"] = loadLedger ? "true" : "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (storageOperationsFile is not null)
        {
            start.Environment["Diagnostics__StorageOperationsFile"] = storageOperationsFile;
        }
        var process = Process.Start(start)!;
        // The server's warnings and errors go to a log file, so a failed run can be explained afterwards.
        var log = new StreamWriter(LogPath, append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { Console.Error.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The server exited during start.");
            }

            try
            {
                if ((await http.GetAsync($"{url}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return new ServerProcess(process, url);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The server did not become ready.");
    }

    public async ValueTask DisposeAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", $"{_process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
