using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Tests.Cluster;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Hosting;

/// <summary>
/// The deployable build: <c>dotnet publish</c> of the server into a temporary folder, started from another folder with
/// nothing but a storage connection string, as an operator runs it. It must find its seeds and web assets beside its
/// binaries (not in the repository), never look for npm or infra/, and read X-Forwarded-Proto from a proxy on this machine.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublishTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    private const string Perspective = "610300";
    private readonly string _temp = Directory.CreateTempSubdirectory("baoji-publish-").FullName;

    [Fact]
    public async Task The_published_server_runs_from_any_folder_with_a_connection_string()
    {
        var published = Path.Combine(_temp, "app");
        await PublishAsync(published);
        Assert.True(File.Exists(Path.Combine(published, "seeds", "registry.json")), "seeds/ is shipped beside the binaries");
        Assert.False(Directory.Exists(Path.Combine(published, "infra")), "infra/ (npm, Azurite) is not part of a deployment");

        // Started from an empty folder outside the repository: nothing can be found by walking up to the solution.
        var workingDirectory = Directory.CreateDirectory(Path.Combine(_temp, "var-lib-baoji")).FullName;
        var ports = FreePorts.Take(3);
        var settings = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Cluster__ServiceId"] = $"publish{Guid.NewGuid():N}"[..20],
            ["Cluster__SiloPort"] = $"{ports[0]}",
            ["Cluster__GatewayPort"] = $"{ports[1]}",
        };
        await using var server = await SiloProcess.StartAsync(
            workingDirectory, ports[2], settings, Log, TimeSpan.FromMinutes(3), default, Path.Combine(published, "Baoji.Exchange.Server.dll"));

        // The admin token is written in the working directory's .data/ (a service's state directory), not beside the binaries.
        var tokenFile = Path.Combine(workingDirectory, ".data", "admin-token");
        Assert.True(File.Exists(tokenFile), "the generated admin token is in the working directory's .data/");
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile)).Trim());

        // The seeds shipped beside it were loaded: its report is the one the server built from the repository serves.
        await using var reference = new ServerFactory(azurite, SharedServer.NewServiceId("publish-ref")) { LoadLedger = true };
        var expected = JsonNode.Parse(await reference.Admin().GetStringAsync($"/api/v1/reports/2024?perspective={Perspective}"))!;
        Assert.True((int)expected["staffExchanged"]!["total"]! > 0, "the reference server loaded the 2024 log");
        Assert.True(await ReportBecomesAsync(http, expected), "the published server's 2024 report equals the reference server's");

        // The pages come with their styles and scripts (wwwroot/ beside the binaries, not the working directory's).
        await PageAssets.AssertServedAsync(http);

        // Behind a proxy on this machine that speaks HTTPS to the browser, the cookies the page sets are Secure.
        Assert.False(await CookiesAreSecureAsync(server.Url, forwardedProto: null));
        Assert.True(await CookiesAreSecureAsync(server.Url, forwardedProto: "https"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the stopping server: the temporary folder is the system's to clean.
        }
    }

    /// <summary>Publishes the server the tests were built with (same configuration, no second build).</summary>
    private async Task PublishAsync(string folder)
    {
        var repository = Path.GetDirectoryName(RepositoryPaths.Find("src"))!;
        // …/bin/<configuration>/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var start = new ProcessStartInfo("dotnet", ["publish", "src/Baoji.Exchange.Server", "--no-build", "--nologo", "-c", configuration, "-o", folder])
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(start)!;
        publish.OutputDataReceived += (_, e) => Log(e.Data);
        publish.ErrorDataReceived += (_, e) => Log(e.Data);
        publish.BeginOutputReadLine();
        publish.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await publish.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, publish.ExitCode);
    }

    private static async Task<bool> ReportBecomesAsync(HttpClient http, JsonNode expected)
    {
        // The 2024 log is loaded after the server is ready; its figures follow within moments.
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var actual = JsonNode.Parse(await http.GetStringAsync($"/api/v1/reports/2024?perspective={Perspective}"));
            if (JsonNode.DeepEquals(actual, expected))
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    private static async Task<bool> CookiesAreSecureAsync(string url, string? forwardedProto)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/signin");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }

        using var response = await http.SendAsync(request);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.NotEmpty(cookies);
        return cookies.All(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
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
}
