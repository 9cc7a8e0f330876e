using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Hosting;

/// <summary>
/// The README's run command as a newcomer runs it: no storage configured, so the server starts Azurite itself
/// (on disk), loads the registry, answers, and on SIGTERM stops Azurite too; a second start finds the same registry.
/// </summary>
public sealed class RunCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("baoji-run-").FullName;

    [Fact]
    public async Task Run_command_starts_azurite_serves_the_registry_and_leaves_nothing_behind()
    {
        var ports = FreePorts.Take(6);
        var url = $"http://127.0.0.1:{ports[5]}";
        var data = Path.Combine(_work, "azurite");
        var tokenFile = Path.Combine(_work, "admin-token");

        int firstAzurite;
        await using (var server = await StartAsync(ports, url, data, tokenFile))
        {
            firstAzurite = int.Parse(await File.ReadAllTextAsync(Path.Combine(data, "azurite.pid")));
            var counties = await CountiesAsync(url, tokenFile);
            Assert.Equal(22, counties!.Count);
            // The pages' styles and scripts come from the build's static web assets (they answered 500 before).
            using (var pages = new HttpClient { BaseAddress = new Uri(url) })
            {
                await PageAssets.AssertServedAsync(pages);
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            }
        }

        Assert.False(Directory.Exists($"/proc/{firstAzurite}"), $"Azurite {firstAzurite} is still running after the server stopped.");

        await using (var again = await StartAsync(ports, url, data, tokenFile))
        {
            var counties = await CountiesAsync(url, tokenFile);
            Assert.Equal(22, counties!.Count);
            Assert.Equal(counties.Count, counties.Select(c => c.Id).Distinct().Count());
            var all = await GetAsync<List<OrganizationBody>>(url, tokenFile, "/api/v1/organizations");
            Assert.Equal(all!.Count, all.Select(o => o.Id).Distinct().Count());
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private async Task<RunningServer> StartAsync(int[] ports, string url, string data, string tokenFile)
    {
        var repo = Path.GetDirectoryName(RepositoryPaths.Find("src"))!;
        var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "--project", "src/Baoji.Exchange.Server", "--", "--urls", url])
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Storage__DataDirectory"] = data;
        start.Environment["Storage__BlobPort"] = $"{ports[0]}";
        start.Environment["Storage__QueuePort"] = $"{ports[1]}";
        start.Environment["Storage__TablePort"] = $"{ports[2]}";
        start.Environment["Cluster__SiloPort"] = $"{ports[3]}";
        start.Environment["Cluster__GatewayPort"] = $"{ports[4]}";
        start.Environment["Auth__AdminTokenFile"] = tokenFile;
        start.Environment["Seeds__LoadLedger"] = "false";
        start.Environment.Remove("Storage__ConnectionString");
        start.Environment.Remove("Auth__AdminToken");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "The server exited during start.");
            try
            {
                if ((await http.GetAsync($"{url}/health/ready")).IsSuccessStatusCode)
                {
                    return new RunningServer(process);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The server did not become ready within 2 minutes.");
    }

    private void Log(string? line)
    {
        if (line is { Length: > 0 })
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

    private static Task<List<OrganizationBody>?> CountiesAsync(string url, string tokenFile) =>
        GetAsync<List<OrganizationBody>>(url, tokenFile, "/api/v1/organizations?kind=county");

    private static async Task<T?> GetAsync<T>(string url, string tokenFile, string path)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile)).Trim());
        return await http.GetFromJsonAsync<T>(url + path);
    }

    /// <summary>Stops the server as an operator does (SIGTERM) and waits for it to exit.</summary>
    private sealed class RunningServer(Process process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using var kill = Process.Start("kill", ["-TERM", $"{process.Id}"]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            process.Dispose();
        }
    }
}
