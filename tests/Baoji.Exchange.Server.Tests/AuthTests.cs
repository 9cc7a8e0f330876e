using System.Net;
using System.Net.Http.Json;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AuthTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private ServerFactory _server = null!;

    public Task InitializeAsync()
    {
        _server = new ServerFactory(azurite, $"auth-{Guid.NewGuid():N}"[..20]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task No_token_is_401_problem_json()
    {
        var response = await _server.CreateClient().GetAsync("/api/v1/organizations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task No_token_is_401_problem_json_even_when_the_client_accepts_only_markdown()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/2024?perspective=610300");
        request.Headers.Accept.ParseAdd("text/markdown");

        var response = await _server.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Authorization", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_token_is_401()
    {
        var response = await _server.WithToken("bx1.0123456789abcdef.not-a-real-secret").GetAsync("/api/v1/organizations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task School_token_on_an_admin_endpoint_is_403_and_changes_nothing()
    {
        var school = await _server.ActingFor("sx-610328-qiwen-ps");

        var response = await school.PutAsJsonAsync("/api/v1/organizations/forbidden-school",
            new { name = "不应创建", kind = "school", parentId = "610328", province = "shaanxi" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin().GetAsync("/api/v1/organizations/forbidden-school")).StatusCode);
    }

    [Fact]
    public async Task Issued_token_reads_and_a_revoked_one_is_refused()
    {
        var issued = await (await _server.Admin().PostAsJsonAsync("/api/v1/tokens", new { organizationId = "610327" }))
            .Content.ReadFromJsonAsync<TokenBody>();
        var client = _server.WithToken(issued!.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/organizations/610327")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin().DeleteAsync($"/api/v1/tokens/{issued.TokenId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/organizations/610327")).StatusCode);
    }

    [Fact]
    public async Task Token_for_an_unknown_organisation_is_400_naming_the_field()
    {
        var response = await _server.Admin().PostAsJsonAsync("/api/v1/tokens", new { organizationId = "999999" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("organizationId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed record TokenBody(string TokenId, string Token);
}
