using System.Diagnostics;
using System.Net;

namespace Baoji.Exchange.Server.Tests.Cluster;

/// <summary>
/// One real server (silo + API) as its own process, in a cluster with AzureTable membership on a shared storage account.
/// Runs the server's built assembly with <c>dotnet</c> rather than through <c>dotnet run</c>, so that
/// <see cref="Kill"/> is a SIGKILL of the server itself and not of a <c>dotnet run</c> parent whose child would live on.
/// Also used by the soak command (tests/Baoji.Exchange.Benchmarks links this file), so it uses no test framework.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a silo and waits until <c>/health/ready</c> answers 200.</summary>
    /// <param name="repository">The working directory: the server finds seeds/ from there.</param>
    /// <param name="settings">Configuration as environment variables (<c>Section__Key</c>), e.g. the cluster and storage.</param>
    /// <param name="log">Receives every line the server prints (it may be called after the start returned).</param>
    /// <param name="assembly">The server's assembly: by default the one built beside the caller; a published one, say.</param>
    public static async Task<SiloProcess> StartAsync(
        string repository, int httpPort, IReadOnlyDictionary<string, string> settings, Action<string> log, TimeSpan timeout, CancellationToken cancellationToken,
        string? assembly = null)
    {
        var url = $"http://127.0.0.1:{httpPort}";
        // Built beside whoever references the server project (the tests, the benchmarks), in the same configuration.
        assembly ??= Path.Combine(AppContext.BaseDirectory, "Baoji.Exchange.Server.dll");
        var start = new ProcessStartInfo("dotnet", [assembly, "--urls", url])
        {
            WorkingDirectory = repository,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Nothing of the caller's own storage or cluster settings leaks in: only what this silo is given.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("Storage__", StringComparison.Ordinal)
            || k.StartsWith("Cluster__", StringComparison.Ordinal) || k.StartsWith("Auth__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { log(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { log(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new SiloProcess(process, url);
        try
        {
            await silo.WaitUntilReadyAsync(timeout, cancellationToken);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the process dies at once, nothing is flushed, its membership row stays "Active".</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    /// <summary>Waits for the silo to end by itself (a failpoint killed it, say); false when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the silo if it still runs and waits (bounded) for it to be gone.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or did not exit in time: nothing more can be done from here.
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo at {Url} exited during start with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync($"{Url}/health/ready", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One probe timed out; the next may not.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The silo at {Url} was not ready within {timeout.TotalSeconds:F0} s.");
            }

            try
            {
                await Task.Delay(200, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The silo at {Url} was not ready within {timeout.TotalSeconds:F0} s.");
            }
        }
    }
}
