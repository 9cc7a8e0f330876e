using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Grains.Storage;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Tests.Figures;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>
/// What an earlier release stored stays what it was after the upgrade: its records' state blobs (this release keeps
/// record state in table rows) and its idempotency claims. Each test stores them with one server, the way that release
/// did, and starts the next one on the same storage, as an upgrade does; only then are they looked for.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class EarlierReleaseTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_record_the_earlier_release_kept_in_a_blob_is_read_changed_and_counted_once()
    {
        var serviceId = SharedServer.NewServiceId("earlier-record");
        string id;
        await using (var earlier = new ServerFactory(azurite, serviceId))
        {
            var created = await earlier.Admin().CreateAsync("visits", CountingRuleTests.Visit("610324", "320382", "bureau", "2033-04-01"));
            id = created.Id();
            await MoveToBlobAsync(earlier.Services, id);
        }

        await using var upgraded = new ServerFactory(azurite, serviceId);
        var admin = upgraded.Admin();
        var read = await admin.GetJsonAsync($"/api/v1/visits/{id}");
        Assert.Equal((1, "logged"), ((int)read["version"]!, (string?)read["status"]));
        Assert.Equal(1, await upgraded.Services.GetRequiredService<StoredRecords>().CountAsync(CancellationToken.None));

        var confirmed = await admin.PostAsync($"/api/v1/visits/{id}/confirmation", new JsonObject { ["orgId"] = "320382" });
        Assert.Equal(2, (int)confirmed["version"]!);

        // Its next write made it a row; the blob it leaves behind is not counted a second time.
        var row = await ReadRowAsync(upgraded.Services, id);
        Assert.Equal(2, row.State!.Record!.Version);
        Assert.Equal(1, await upgraded.Services.GetRequiredService<StoredRecords>().CountAsync(CancellationToken.None));
        Assert.Equal(1, (int)(await admin.ReportAsync(2033, Orgs.Baoji))["bureauVisits"]!);
        var audit = await admin.AuditAsync(2033, Orgs.Baoji);
        Assert.True((bool)audit["equal"]!, audit.Describe());
    }

    [Fact]
    public async Task A_key_claimed_by_an_earlier_release_still_binds_its_body()
    {
        // Earlier releases claimed each key in an idempotency grain ("caller|collection|key") before creating the record.
        var serviceId = SharedServer.NewServiceId("earlier-claim");
        var key = $"key-{Guid.NewGuid():N}";
        var legacyId = $"vis-20240101000000000-{Guid.NewGuid():N}"[..35];
        await using (var earlier = new ServerFactory(azurite, serviceId, loadSeeds: false))
        {
            await earlier.Services.GetRequiredService<IGrainFactory>().GetGrain<IIdempotencyGrain>($"{Bodies.Longxian}|visits|{key}").Claim("hash-of-another-body", legacyId);
        }

        await using var upgraded = new ServerFactory(azurite, serviceId);
        var logger = await upgraded.ActingFor(Bodies.Longxian);
        await (await logger.PostJsonAsync("/api/v1/visits", Bodies.Visit(), key)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Null(await upgraded.Services.GetRequiredService<IGrainFactory>().GetGrain<IRecordGrain>(legacyId).Get());

        // Keys the earlier release never claimed create records as before.
        var created = await logger.CreateAsync("visits", Bodies.Visit(), $"key-{Guid.NewGuid():N}");
        Assert.Equal(1, created.Version());
    }

    /// <summary>Leaves the record as the earlier release stored it: its state in Orleans' blob storage, no row.</summary>
    private static async Task MoveToBlobAsync(IServiceProvider services, string id)
    {
        var stored = await ReadRowAsync(services, id);
        Assert.True(stored.RecordExists);
        await services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState).WriteStateAsync("record", RecordGrainId(id), new GrainState<RecordState>(stored.State));
        await services.GetRequiredService<RowGrainStorage>().ClearStateAsync("record", RecordGrainId(id), stored);
    }

    private static async Task<GrainState<RecordState>> ReadRowAsync(IServiceProvider services, string id)
    {
        var state = new GrainState<RecordState>();
        await services.GetRequiredService<RowGrainStorage>().ReadStateAsync("record", RecordGrainId(id), state);
        return state;
    }

    private static GrainId RecordGrainId(string id) => GrainId.Create("record", id);
}
