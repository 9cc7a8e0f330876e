using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Tokens;

/// <summary>GET /api/v1/tokens: what the administrator sees of issued tokens, against the real server and Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TokenListTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Longxian = "610327";
    private readonly ServerFactory _server = shared.Get(azurite, "tokens");

    [Fact]
    public async Task An_issued_token_is_listed_with_its_label_and_issuer_but_never_its_secret()
    {
        var admin = _server.Admin();
        var issuing = await admin.PostAsJsonAsync("/api/v1/tokens", new { organizationId = Longxian, label = "陇县数据同步" });
        var issued = await issuing.ExpectAsync(HttpStatusCode.Created);
        var (tokenId, token) = ((string)issued["tokenId"]!, (string)issued["token"]!);
        // The token's resource is the one DELETE revokes.
        Assert.Equal($"/api/v1/tokens/{tokenId}", issuing.Headers.Location?.OriginalString);
        Assert.Equal("陇县数据同步", (string?)issued["label"]);

        var response = await admin.GetAsync($"/api/v1/tokens?organizationId={Longxian}");
        var body = await response.Content.ReadAsStringAsync();
        var listed = Listed(JsonNode.Parse(body)!.AsObject(), tokenId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((Longxian, "陇县数据同步", "admin", true), ((string?)listed["organizationId"], (string?)listed["label"], (string?)listed["issuedBy"], (bool)listed["active"]!));
        Assert.Null(listed["revokedAt"]);
        Assert.Null(listed["issuedByPerson"]);
        Assert.Equal((string?)issued["issuedAt"], (string?)listed["issuedAt"]);
        Assert.DoesNotContain(TokenFormat.SecretOf(token), body, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenFormat.Hash(TokenFormat.SecretOf(token)), body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);

        // Without organizationId: every registered organisation's.
        var all = await (await admin.GetAsync("/api/v1/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Longxian, (string?)Listed(all, tokenId)["organizationId"]);
    }

    [Fact]
    public async Task A_revoked_token_shows_when_it_was_revoked_and_no_longer_works()
    {
        var admin = _server.Admin();
        var issued = await (await admin.PostAsJsonAsync("/api/v1/tokens", new { organizationId = Longxian })).ExpectAsync(HttpStatusCode.Created);
        var tokenId = (string)issued["tokenId"]!;
        var holder = _server.WithToken((string)issued["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync("/api/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/tokens/{tokenId}")).StatusCode);

        var listed = Listed(await (await admin.GetAsync($"/api/v1/tokens?organizationId={Longxian}")).ExpectAsync(HttpStatusCode.OK), tokenId);
        Assert.NotNull((string?)listed["revokedAt"]);
        Assert.False((bool)listed["active"]!);
        Assert.Null(listed["label"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await holder.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Only_the_administrator_lists_tokens()
    {
        var city = await _server.ActingFor("610300");

        await (await city.GetAsync("/api/v1/tokens?organizationId=610300")).ExpectProblemAsync(HttpStatusCode.Forbidden, "Authorization");
        await (await city.GetAsync("/api/v1/tokens")).ExpectProblemAsync(HttpStatusCode.Forbidden, "Authorization");
    }

    [Fact]
    public async Task A_register_entry_whose_token_was_never_stored_is_not_listed()
    {
        // What a crash between the register's write and the token grain's leaves: an entry, and no token.
        var grains = _server.Services.GetRequiredService<IGrainFactory>();
        var (orphan, _) = TokenFormat.Create();
        Assert.True(await grains.GetGrain<IOrganizationTokensGrain>(Longxian).Add(new TokenEntry(orphan, new Actor("admin"), "崩溃前登记", DateTimeOffset.UtcNow)));
        var issued = await (await _server.Admin().PostAsJsonAsync("/api/v1/tokens", new { organizationId = Longxian })).ExpectAsync(HttpStatusCode.Created);

        var list = await (await _server.Admin().GetAsync($"/api/v1/tokens?organizationId={Longxian}")).ExpectAsync(HttpStatusCode.OK);

        var ids = list["items"]!.AsArray().Select(t => (string?)t!["tokenId"]).ToList();
        Assert.DoesNotContain(orphan, ids);
        Assert.Contains((string)issued["tokenId"]!, ids);
        Assert.Null(await grains.GetGrain<ITokenGrain>(orphan).Get());
    }

    [Fact]
    public async Task A_label_follows_the_text_rule_and_the_organisation_must_be_registered()
    {
        var admin = _server.Admin();

        await (await admin.PostAsJsonAsync("/api/v1/tokens", new { organizationId = Longxian, label = "两行\n标签" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "label");
        await (await admin.PostAsJsonAsync("/api/v1/tokens", new { organizationId = Longxian, label = new string('长', 101) })).ExpectProblemAsync(HttpStatusCode.BadRequest, "label");
        await (await admin.PostAsJsonAsync("/api/v1/tokens", new { organizationId = "610399" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "organizationId");
        await (await admin.GetAsync("/api/v1/tokens?organizationId=../x")).ExpectProblemAsync(HttpStatusCode.BadRequest, "organizationId");
    }

    [Fact]
    public async Task An_organisation_gets_at_most_its_maximum_of_tokens()
    {
        // A school of its own, so the maximum is reached without touching the other tests' organisations.
        var admin = _server.Admin();
        const string School = "sx-610327-tokens-max";
        (await admin.PutAsJsonAsync($"/api/v1/organizations/{School}", new { name = "令牌上限测试学校", kind = "school", parentId = Longxian, province = "shaanxi", illustrative = true }))
            .EnsureSuccessStatusCode();
        var grains = _server.Services.GetRequiredService<IGrainFactory>();
        for (var i = 0; i < IOrganizationTokensGrain.MaxTokens; i++)
        {
            Assert.True(await grains.GetGrain<IOrganizationTokensGrain>(School).Add(new TokenEntry($"{i:x16}", new Actor("admin"), null, DateTimeOffset.UtcNow)));
        }

        await (await admin.PostAsJsonAsync("/api/v1/tokens", new { organizationId = School })).ExpectProblemAsync(HttpStatusCode.Conflict, "organizationId");
    }

    private static JsonObject Listed(JsonObject list, string tokenId) =>
        Assert.Single(list["items"]!.AsArray(), t => (string?)t!["tokenId"] == tokenId)!.AsObject();
}
