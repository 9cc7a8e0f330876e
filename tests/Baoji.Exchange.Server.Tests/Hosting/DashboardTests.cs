using System.Net;
using System.Net.Http.Headers;
using Baoji.Exchange.Server.Tests.Accounts;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Hosting;

/// <summary>The Orleans dashboard at /dashboard: the administrator's (token or sign-in), nobody else's.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "dashboard");

    [Fact]
    public async Task Without_a_token_the_dashboard_answers_401_as_a_problem()
    {
        using var response = await _server.CreateClient().GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_county_bureau_token_is_refused_with_403()
    {
        var county = await _server.ActingFor("610327");

        using var response = await county.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_administrator_token_gets_the_dashboard_page()
    {
        // "/dashboard" answers a redirect to "/dashboard/", which a client follows without its Authorization header.
        using var page = await _server.Admin().GetAsync("/dashboard/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_browser_without_a_sign_in_is_sent_to_sign_in_and_the_signed_in_administrator_gets_the_page()
    {
        var anonymous = _server.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var redirect = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/signin", redirect.Headers.Location?.PathAndQuery, StringComparison.Ordinal);

        var (admin, _) = await _server.SignedInAsync("admin", ServerFactory.AdminPassword);
        using var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
