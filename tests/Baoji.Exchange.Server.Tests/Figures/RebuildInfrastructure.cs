using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Figures;

/// <summary>One server per test class with failpoints enabled (none armed), without the 2024 log.</summary>
public sealed class FailpointServer : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private ServerFactory? _server;

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Failpoints:Enabled"] = "true" };

    public ServerFactory Get(AzuriteFixture azurite, string prefix)
    {
        lock (_gate)
        {
            return _server ??= new ServerFactory(azurite, SharedServer.NewServiceId(prefix)) { Settings = Settings };
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

internal static class RebuildHttp
{
    public static Failpoints Failpoints(this ServerFactory server) => server.Services.GetRequiredService<Failpoints>();

    /// <summary>Starts a rebuild: 202 with the job and its status resource in Location.</summary>
    public static async Task<(JsonObject Job, string Location)> StartRebuildAsync(this HttpClient admin, int year, string perspective)
    {
        var response = await admin.PostAsync($"/api/v1/reports/{year}/rebuild?perspective={perspective}", (HttpContent?)null);
        var job = await response.ExpectJsonAsync(HttpStatusCode.Accepted);
        var location = response.Headers.Location?.ToString();
        Assert.False(string.IsNullOrEmpty(location), "202 without Location");
        return (job, location!);
    }

    /// <summary>Polls the status resource until the rebuild is no longer running.</summary>
    public static async Task<JsonObject> WaitForRebuildAsync(this HttpClient admin, string location)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = await admin.GetJsonAsync(location);
            if ((string?)job["state"] != "running")
            {
                return job;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"{location} is still running: {job.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonObject> RebuildAsync(this HttpClient admin, int year, string perspective)
    {
        var (_, location) = await admin.StartRebuildAsync(year, perspective);
        var job = await admin.WaitForRebuildAsync(location);
        Assert.True((string?)job["state"] == "completed", job.ToJsonString());
        return job;
    }

    /// <summary>The differences of an audit of one kind ("figure", "index", "agreement") that name a record.</summary>
    public static IReadOnlyList<JsonObject> DifferencesOf(this JsonObject audit, string kind, string recordId) =>
        [.. audit["differences"]!.AsArray().Select(d => d!.AsObject()).Where(d => (string?)d["kind"] == kind && (string?)d["recordId"] == recordId)];
}
