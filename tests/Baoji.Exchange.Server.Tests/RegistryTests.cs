using System.Net;
using System.Net.Http.Json;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class RegistryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Seeded_registry_lists_the_22_counties_with_their_GB_T_2260_codes()
    {
        await using var server = new ServerFactory(azurite, "registry-" + Guid.NewGuid().ToString("N")[..8]);
        var counties = await server.Admin().GetFromJsonAsync<List<OrganizationBody>>("/api/v1/organizations?kind=county");

        Assert.Equal(22, counties!.Count);
        Assert.Equal(12, counties.Count(c => c.ParentId == "610300"));
        Assert.Equal(10, counties.Count(c => c.ParentId == "320300"));
        Assert.Contains(counties, c => c.Id == "610327" && c.Name.StartsWith("陇县", StringComparison.Ordinal));
        Assert.All(counties, c => Assert.Matches("^(61|32)03[0-9]{2}$", c.Id));
    }

    [Fact]
    public async Task Ready_health_is_200_once_silo_and_storage_answer()
    {
        await using var server = new ServerFactory(azurite, "health-" + Guid.NewGuid().ToString("N")[..8], loadSeeds: false);
        var client = server.CreateClient();
        // The server used the fixture's storage instead of starting an Azurite of its own.
        Assert.Equal(azurite.ConnectionString, server.Services.GetRequiredService<StorageClients>().ConnectionString);
        Assert.Null(server.Services.GetService<AzuriteProcess>());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

public sealed record OrganizationBody(string Id, string Name, string Kind, string? ParentId, string Province, bool Illustrative);
