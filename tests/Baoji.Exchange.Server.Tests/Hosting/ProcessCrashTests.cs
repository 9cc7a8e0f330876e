using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Tests.Cluster;
using Baoji.Exchange.Server.Tests.Figures;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Hosting;

/// <summary>
/// A real crash: the server process kills itself (SIGKILL) right after a record's state is stored and before it is
/// projected. Started again, it finishes the projection by itself; the client's retry then finds the same record.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ProcessCrashTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_process_killed_between_state_write_and_projection_projects_the_record_after_it_restarts()
    {
        var serviceId = SharedServer.NewServiceId("kill");
        var key = $"key-{Guid.NewGuid():N}";
        await using (var doomed = await StartAsync(serviceId, new Dictionary<string, string>
        {
            ["Failpoints__Enabled"] = "true",
            [$"Failpoints__Arm__{FailpointNames.RecordAfterStateWrite}"] = "kill:1",
        }))
        {
            var logger = await TokenForAsync(doomed, Bodies.Longxian);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => logger.PostJsonAsync("/api/v1/visits", Bodies.Visit(), key));
            Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30)), "The failpoint did not kill the server.");
        }

        await using var restarted = await StartAsync(serviceId, new Dictionary<string, string>());
        var ready = Stopwatch.StartNew();
        var pending = new PendingProjections(new TableServiceClient(azurite.ConnectionString), Options.Create(new ClusterOptions { ServiceId = serviceId }));
        while (await pending.ListMarkedBeforeAsync(DateTimeOffset.UtcNow.AddHours(1), default).AnyAsync())
        {
            Assert.True(ready.Elapsed < TimeSpan.FromSeconds(30), $"The projection is still owed {ready.Elapsed} after the restart.");
            await Task.Delay(250);
        }

        output.WriteLine($"Projected {ready.Elapsed.TotalSeconds:F1} s after the restarted server was ready.");
        var admin = Client(restarted, AdminToken);
        var listed = Assert.Single(await admin.ListAllAsync("visits", Bodies.Longxian, 2024));
        Assert.Equal(1, (int)(await admin.ReportAsync(2024, "610300"))["bureauVisits"]!);
        Assert.True((bool)(await admin.AuditAsync(2024, "610300"))["equal"]!);

        // The client, which never got an answer, repeats its request: the same record, nothing counted twice.
        var retried = await (await (await TokenForAsync(restarted, Bodies.Longxian)).PostJsonAsync("/api/v1/visits", Bodies.Visit(), key))
            .ExpectJsonAsync(HttpStatusCode.Created, HttpStatusCode.OK);
        Assert.Equal((string?)listed["id"], (string?)retried["id"]);
        Assert.Single(await admin.ListAllAsync("visits", Bodies.Longxian, 2024));
        Assert.Equal(1, (int)(await admin.ReportAsync(2024, "610300"))["bureauVisits"]!);
    }

    private const string AdminToken = "process-admin-token-0123456789";

    private async Task<SiloProcess> StartAsync(string serviceId, Dictionary<string, string> settings)
    {
        var ports = FreePorts.Take(3);
        settings["Storage__ConnectionString"] = azurite.ConnectionString;
        settings["Cluster__ServiceId"] = serviceId;
        settings["Cluster__ClusterId"] = serviceId;
        settings["Cluster__SiloPort"] = $"{ports[1]}";
        settings["Cluster__GatewayPort"] = $"{ports[2]}";
        settings["Auth__AdminToken"] = AdminToken;
        settings["Seeds__LoadLedger"] = "false";
        settings["Logging__LogLevel__Default"] = "Warning";
        return await SiloProcess.StartAsync(Path.GetDirectoryName(RepositoryPaths.Find("src"))!, ports[0], settings, Log, TimeSpan.FromMinutes(2), default);
    }

    private void Log(string line)
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

    private static HttpClient Client(SiloProcess server, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<HttpClient> TokenForAsync(SiloProcess server, string organizationId)
    {
        var response = await Client(server, AdminToken).PostAsJsonAsync("/api/v1/tokens", new { organizationId });
        var issued = await response.Content.ReadFromJsonAsync<JsonObject>();
        return Client(server, (string)issued!["token"]!);
    }
}
