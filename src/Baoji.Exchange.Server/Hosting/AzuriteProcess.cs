using System.Diagnostics;
using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>
/// Azurite started as a child process bound to 127.0.0.1, in its own session so that a Ctrl-C aimed at
/// the server does not kill storage before the silo has written its last state. Stopping sends SIGTERM,
/// on which Azurite saves its data and exits.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string? _pidFile;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort, string? pidFile)
    {
        _process = process;
        _pidFile = pidFile;
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public int ProcessId => _process.Id;

    /// <summary>Installs Azurite from <paramref name="infraDirectory"/> when missing, starts it and waits until it answers.</summary>
    /// <param name="dataDirectory">Disk persistence folder, or null for in-memory storage (tests).</param>
    /// <param name="environment">Variables for Azurite's process alone (tests preload a script with NODE_OPTIONS), so
    /// that Azurites started side by side do not set and reset them for each other in this process's environment.</param>
    public static async Task<AzuriteProcess> StartAsync(
        string infraDirectory, string? dataDirectory, int blobPort, int queuePort, int tablePort,
        TimeSpan startupTimeout, ILogger logger, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var entry = await EnsureInstalledAsync(infraDirectory, logger, cancellationToken);
        string? pidFile = null;
        var args = new List<string>
        {
            entry,
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
            // The Azure SDKs of this build speak service versions newer than Azurite 3.37 knows.
            "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        };
        if (dataDirectory is null)
        {
            args.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            args.AddRange(["--location", dataDirectory]);
            pidFile = Path.Combine(dataDirectory, "azurite.pid");
            StopLeftover(pidFile, logger);
        }

        var start = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = infraDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        if (start.FileName.EndsWith("setsid", StringComparison.Ordinal))
        {
            start.ArgumentList.Add("node");
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite could not be started (is Node.js installed?).");
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { HostingLog.AzuriteOutput(logger, e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { HostingLog.AzuriteError(logger, e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (pidFile is not null)
        {
            await File.WriteAllTextAsync(pidFile, $"{process.Id}", cancellationToken);
        }

        var azurite = new AzuriteProcess(process, blobPort, queuePort, tablePort, pidFile);
        try
        {
            await WaitUntilAnsweringAsync(process, [blobPort, queuePort, tablePort], startupTimeout, cancellationToken);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        HostingLog.AzuriteListening(logger, process.Id, blobPort, queuePort, tablePort, dataDirectory ?? "memory");
        return azurite;
    }

    /// <summary>SIGTERM, then up to 10 s for Azurite to save and exit, then a kill.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(_process.Id, "TERM");
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        if (_pidFile is not null)
        {
            File.Delete(_pidFile);
        }

        _process.Dispose();
    }

    private static async Task<string> EnsureInstalledAsync(string infraDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var entry = Path.Combine(infraDirectory, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(entry))
        {
            return entry;
        }

        // Several processes (test projects run in parallel) may find Azurite missing at once: one installs.
        await using var installLock = await LockAsync(Path.Combine(infraDirectory, ".install.lock"), cancellationToken);
        if (File.Exists(entry))
        {
            return entry;
        }

        HostingLog.AzuriteInstalling(logger, infraDirectory);
        var npm = new ProcessStartInfo("npm", "ci --no-audit --no-fund --ignore-scripts")
        {
            WorkingDirectory = infraDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm could not be started (is Node.js installed?).");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !File.Exists(entry))
        {
            throw new InvalidOperationException($"npm ci in {infraDirectory} failed ({process.ExitCode}): {await stderr}");
        }

        return entry;
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 1200)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }

    private static async Task WaitUntilAnsweringAsync(Process process, int[] ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // No telemetry: this runs before the host (and its logging and meters) exists.
        var probe = new ResiliencePipelineBuilder { Name = "azurite-startup-probe" }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = timeout })
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<SocketException>(),
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Constant,
            })
            .Build();
        await probe.ExecuteAsync(async token =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Azurite exited with code {process.ExitCode} before answering; is one of the ports {string.Join(", ", ports)} in use?");
            }

            foreach (var port in ports)
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, token);
            }
        }, cancellationToken);
    }

    /// <summary>An Azurite left running by a server that was killed outright would hold the ports and the data folder.</summary>
    private static void StopLeftover(string pidFile, ILogger logger)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile), out var pid))
        {
            return;
        }

        try
        {
            using var leftover = Process.GetProcessById(pid);
            if (leftover.ProcessName is "node" or "setsid")
            {
                HostingLog.AzuriteLeftoverStopping(logger, pid);
                Signal(pid, "TERM");
                leftover.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (ArgumentException)
        {
            // Not running any more.
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
