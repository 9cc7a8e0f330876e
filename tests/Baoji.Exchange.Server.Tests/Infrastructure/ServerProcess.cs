using System.Diagnostics;
using System.Net.Http.Headers;
using Baoji.Exchange.Server.Hosting;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// The server as its own process (the README's run command, built already), against a given storage account, on
/// free loopback ports; for tests that kill it. Disposing kills it if it still runs.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminToken = "process-admin-token-0123456789";

    private readonly Process _process;

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Starts the server and waits until /health/ready answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, string serviceId, IReadOnlyDictionary<string, string> settings,
        ITestOutputHelper? output = null, TimeSpan? timeout = null)
    {
        var ports = FreePorts.Take(3);
        var url = $"http://127.0.0.1:{ports[0]}";
        var repo = Path.GetDirectoryName(RepositoryPaths.Find("src"))!;
        var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "--project", "src/Baoji.Exchange.Server", "--", "--urls", url])
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Storage__ConnectionString"] = connectionString;
        start.Environment["Cluster__ServiceId"] = serviceId;
        start.Environment["Cluster__ClusterId"] = serviceId;
        start.Environment["Cluster__SiloPort"] = $"{ports[1]}";
        start.Environment["Cluster__GatewayPort"] = $"{ports[2]}";
        start.Environment["Auth__AdminToken"] = AdminToken;
        start.Environment["Seeds__LoadLedger"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Log(output, e.Data);
        process.ErrorDataReceived += (_, e) => Log(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, url);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromMinutes(2)))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited during start with code {process.ExitCode}.");
            }

            try
            {
                if ((await http.GetAsync($"{url}/health/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        await server.DisposeAsync();
        throw new TimeoutException("The server did not become ready in time.");
    }

    public HttpClient Client(string? token = AdminToken)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Waits for the process to end by itself (a failpoint killed it, say).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown handler runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private static void Log(ITestOutputHelper? output, string? line)
    {
        if (output is not null && line is { Length: > 0 })
        {
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test has finished; late lines are dropped.
            }
        }
    }
}
