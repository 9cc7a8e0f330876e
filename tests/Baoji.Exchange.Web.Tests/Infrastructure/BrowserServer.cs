using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// The real server (silo, API and pages) on a free loopback port, against the collection's Azurite, with the 2024
/// registry and exchange log loaded, for a browser to drive.
/// </summary>
public sealed class BrowserServer(AzuriteFixture azurite) : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token-0123456789";

    /// <summary>Test-only: signs the browser in as an organisation until person accounts are in the host. Never mapped by the product.</summary>
    public const string TestSignInPath = "/test-only/signin";

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
        builder.UseSetting("Seeds:LoadOnStart", "true");
        builder.UseSetting("Seeds:LoadLedger", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, TestSignIn>());
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

    /// <summary>A GET that signs in with the page cookie as an organisation: the tests' stand-in for a person's sign-in.</summary>
    private sealed class TestSignIn : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == TestSignInPath && context.Request.Query["org"].ToString() is { Length: > 0 } org)
                {
                    var identity = new ClaimsIdentity([new Claim(Caller.OrganizationClaim, org), new Claim(ClaimTypes.Name, org)], CookieAuthenticationDefaults.AuthenticationScheme);
                    await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                    context.Response.Redirect("/");
                    return;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
