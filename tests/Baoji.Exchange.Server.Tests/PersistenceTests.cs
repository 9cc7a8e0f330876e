using System.Net;
using System.Net.Http.Json;
using Baoji.Exchange.Grains;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Baoji.Exchange.Server.Tests;

[Collection(LedgerCollection.Name)]
public sealed class PersistenceTests(AzuriteFixture azurite)
{
    private static string NewServiceId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task Registry_state_survives_a_silo_restart()
    {
        var serviceId = NewServiceId("restart");
        await using (var first = new ServerFactory(azurite, serviceId))
        {
            var put = await first.Admin().PutAsJsonAsync("/api/v1/organizations/restart-school-1",
                new { name = "重启测试学校", kind = "school", parentId = "610327", province = "shaanxi" });
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        await using var second = new ServerFactory(azurite, serviceId);
        var school = await second.Admin().GetFromJsonAsync<OrganizationBody>("/api/v1/organizations/restart-school-1");
        Assert.Equal("重启测试学校", school!.Name);
        var schools = await second.Admin().GetFromJsonAsync<List<OrganizationBody>>("/api/v1/organizations?kind=school&parentId=610327");
        Assert.Single(schools!, s => s.Id == "restart-school-1");
    }

    [Fact]
    public async Task Seeding_twice_creates_nothing_twice()
    {
        var serviceId = NewServiceId("seed");
        List<OrganizationBody>? before;
        await using (var first = new ServerFactory(azurite, serviceId))
        {
            before = await first.Admin().GetFromJsonAsync<List<OrganizationBody>>("/api/v1/organizations");
            // Load again explicitly, as a start after an interrupted load would.
            await first.Services.GetRequiredService<Seeding.SeedLoader>().LoadRegistryAsync(CancellationToken.None);
        }

        await using var second = new ServerFactory(azurite, serviceId);
        var after = await second.Admin().GetFromJsonAsync<List<OrganizationBody>>("/api/v1/organizations");
        var pairings = await second.Admin().GetFromJsonAsync<List<PairingBody>>("/api/v1/pairings");

        Assert.Equal(before!.Count, after!.Count);
        Assert.Equal(after.Count, after.Select(o => o.Id).Distinct().Count());
        Assert.Equal(pairings!.Count, pairings!.Select(p => p.Id).Distinct().Count());
        Assert.Equal(5, pairings!.Count(p => p.Level == "county"));
    }

    [Fact]
    public async Task A_renamed_state_type_reads_what_the_old_type_stored()
    {
        var serviceId = NewServiceId("rename");
        var grainId = GrainId.Create("rename-test", "610327");
        await using (var oldBuild = new ServerFactory(azurite, serviceId, loadSeeds: false))
        {
            var storage = oldBuild.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
            var written = new GrainState<CountyTallyBeforeRename>(new CountyTallyBeforeRename { CountyId = "610327", Visits = 6, Subjects = ["机械加工", "烹饪"] });
            await storage.WriteStateAsync("tally", grainId, written);
        }

        // A new silo (the "next release") reads the same row with a type of another name in another namespace.
        await using var newBuild = new ServerFactory(azurite, serviceId, loadSeeds: false);
        var reader = newBuild.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var read = new GrainState<Renamed.CountyVisitTally>();
        await reader.ReadStateAsync("tally", grainId, read);

        Assert.True(read.RecordExists);
        Assert.Equal("610327", read.State!.County);
        Assert.Equal(6, read.State!.VisitCount);
        Assert.Equal(["机械加工", "烹饪"], read.State!.SubjectNames);
    }
}

public sealed record PairingBody(string Id, string Level, List<string> PartyIds, DateOnly Since, DateOnly? Until);

/// <summary>The state type as an earlier build named it.</summary>
[GenerateSerializer, Alias("baoji.test.CountyTallyBeforeRename")]
public sealed class CountyTallyBeforeRename
{
    [Id(0)] public string CountyId { get; set; } = "";
    [Id(1)] public int Visits { get; set; }
    [Id(2)] public List<string> Subjects { get; set; } = [];
}
