using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// The real server (silo + API) in the test process against the fixture's Azurite. Two factories with the same
/// <paramref name="serviceId"/> see the same stored state, which is how a silo restart is tested.
/// <paramref name="testServices"/> replaces services after the server registered its own (e.g. a faulty grain storage).
/// </summary>
public sealed class ServerFactory(AzuriteFixture azurite, string serviceId, bool loadSeeds = true, Action<IServiceCollection>? testServices = null)
    : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token-0123456789";

    /// <summary>The password of the administrator's account "admin" (set, so no test writes a generated one to .data/).</summary>
    public const string AdminPassword = "test-admin-password-0123";

    private readonly int[] _ports = FreePorts.Take(2);

    /// <summary>Also load the 2024 exchange log (seeds/ledger-2024.json) at start; off unless a test needs it.</summary>
    public bool LoadLedger { get; init; }

    /// <summary>Settings applied after the defaults above, so a test can override any of them.</summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:ConnectionString", azurite.ConnectionString);
        builder.UseSetting("Cluster:ServiceId", serviceId);
        builder.UseSetting("Cluster:ClusterId", serviceId);
        builder.UseSetting("Cluster:SiloPort", $"{_ports[0]}");
        builder.UseSetting("Auth:AdminToken", AdminToken);
        builder.UseSetting("Auth:AdminPassword", AdminPassword);
        builder.UseSetting("Seeds:LoadOnStart", loadSeeds ? "true" : "false");
        builder.UseSetting("Seeds:LoadLedger", LoadLedger ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (testServices is not null)
        {
            builder.ConfigureTestServices(testServices);
        }
    }

    public HttpClient Admin() => WithToken(AdminToken);

    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client acting for one organisation, through a token the admin issues.</summary>
    public async Task<HttpClient> ActingFor(string organizationId)
    {
        var response = await Admin().PostAsJsonAsync("/api/v1/tokens", new { organizationId });
        response.EnsureSuccessStatusCode();
        var issued = await response.Content.ReadFromJsonAsync<IssuedTokenBody>();
        return WithToken(issued!.Token);
    }

    private sealed record IssuedTokenBody(string TokenId, string Token);
}
