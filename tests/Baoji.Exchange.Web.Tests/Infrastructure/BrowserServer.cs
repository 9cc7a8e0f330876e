using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// The real server (silo, API and pages) on a free loopback port, against the collection's Azurite, with the 2024
/// registry and exchange log loaded, for a browser to drive.
/// </summary>
public sealed class BrowserServer(AzuriteFixture azurite) : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token-0123456789";

    /// <summary>The password of the account "admin", which signs in on /signin like anyone (set, so no file is written).</summary>
    public const string AdminPassword = "Admin-Password-2024";

    private readonly int[] _ports = FreePorts.Take(2);
    private readonly string _serviceId = $"web-{Guid.NewGuid():N}"[..24];

    public Uri BaseAddress => new($"http://127.0.0.1:{_ports[1]}");

    public void Start()
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, _ports[1]));
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:ConnectionString", azurite.ConnectionString);
        builder.UseSetting("Cluster:ServiceId", _serviceId);
        builder.UseSetting("Cluster:ClusterId", _serviceId);
        builder.UseSetting("Cluster:SiloPort", $"{_ports[0]}");
        builder.UseSetting("Auth:AdminToken", AdminToken);
        builder.UseSetting("Auth:AdminPassword", AdminPassword);
        builder.UseSetting("Seeds:LoadOnStart", "true");
        builder.UseSetting("Seeds:LoadLedger", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    public async Task PutOrganizationAsync(string id, object body)
    {
        using var admin = Admin();
        (await admin.PutAsJsonAsync($"/api/v1/organizations/{id}", body)).EnsureSuccessStatusCode();
    }

    public async Task PairAsync(string level, string a, string b)
    {
        using var admin = Admin();
        (await admin.PostAsJsonAsync("/api/v1/pairings", new { level, partyIds = new[] { a, b }, since = "2024-01-01" })).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// A person's account for the organisation's clerk, made once by the administrator through the API (as a city
    /// bureau would for its counties): the browser then signs in with it on /signin like anyone.
    /// </summary>
    public async Task<(string Login, string Password)> ClerkAsync(string organizationId, string displayName)
    {
        var login = $"clerk-{organizationId}".ToLowerInvariant();
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/accounts", new { login, displayName, organizationId, password = ClerkPassword });
        if (response.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            response.EnsureSuccessStatusCode();
        }

        return (login, ClerkPassword);
    }

    private const string ClerkPassword = "Clerk-Password-2024";
}
