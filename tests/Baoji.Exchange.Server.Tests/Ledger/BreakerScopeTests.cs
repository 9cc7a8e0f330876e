using System.Net;
using Azure;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>The command circuit breaker opens for storage failures only, one breaker per storage dependency.</summary>
[Collection(LedgerCollection.Name)]
public sealed class BreakerScopeTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    [Fact]
    public async Task A_flood_of_refused_commands_on_one_record_leaves_another_records_commands_alone()
    {
        var server = shared.Get(azurite, "flood");
        var school = await server.ActingFor(Bodies.LongxianVocational);
        var partner = await server.ActingFor(Bodies.TongshanVocational);
        var flooded = await school.CreateAsync("visits", Bodies.Visit(Bodies.LongxianVocational, Bodies.TongshanVocational, "school"));

        // Stale versions and the logger confirming its own record: each refused, many at once on one grain.
        var flood = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? school.PatchJsonAsync($"/api/v1/visits/{flooded.Id()}", new System.Text.Json.Nodes.JsonObject
            {
                ["changes"] = new System.Text.Json.Nodes.JsonObject { ["delegationSize"] = 6 + i },
                ["reason"] = "flood",
            }, "\"99\"")
            : school.PostJsonAsync($"/api/v1/visits/{flooded.Id()}/confirmation", new System.Text.Json.Nodes.JsonObject { ["orgId"] = Bodies.LongxianVocational }));
        var answers = await Task.WhenAll(flood);
        Assert.All(answers, a => Assert.True((int)a.StatusCode is >= 400 and < 500, $"{(int)a.StatusCode}"));

        var other = await partner.CreateAsync("visits", Bodies.Visit(Bodies.TongshanVocational, Bodies.LongxianVocational, "school"));
        var confirmed = await school.PostJsonAsync($"/api/v1/visits/{other.Id()}/confirmation", new System.Text.Json.Nodes.JsonObject { ["orgId"] = Bodies.LongxianVocational });
        await confirmed.ExpectAsync(HttpStatusCode.OK);

        // Nothing changed on the flooded record.
        Assert.Equal(1, (await server.Admin().ReadAsync("visits", flooded.Id())).Version());
    }

    [Theory]
    [InlineData(409, null)]
    [InlineData(404, null)]
    [InlineData(412, null)]
    [InlineData(503, StorageDependency.Blobs)]
    [InlineData(500, StorageDependency.Blobs)]
    [InlineData(408, StorageDependency.Blobs)]
    [InlineData(429, StorageDependency.Blobs)]
    [InlineData(0, StorageDependency.Blobs)]
    public void Only_storage_failures_count_and_refusals_do_not(int status, StorageDependency? expected) =>
        Assert.Equal(expected, StorageFailures.Classify(new RequestFailedException(status, "storage said so")));

    [Fact]
    public void A_grain_call_timeout_or_a_cancellation_is_no_storage_failure_and_injected_ones_are()
    {
        Assert.Null(StorageFailures.Classify(new TimeoutException("Response did not arrive on time")));
        Assert.Null(StorageFailures.Classify(new OperationCanceledException()));
        Assert.Null(StorageFailures.Classify(new InvalidOperationException()));
        Assert.Equal(StorageDependency.Blobs, StorageFailures.Classify(new InjectedStorageFaultException("injected")));
        Assert.Equal(StorageDependency.Blobs, StorageFailures.Classify(new OrleansException("wrapped", new InjectedStorageFaultException("injected"))));
        Assert.Equal(StorageDependency.Tables, StorageFailures.Classify(new FailpointException("failpoint")));
        Assert.NotNull(StorageFailures.Classify(new HttpRequestException("connection refused")));
    }
}
