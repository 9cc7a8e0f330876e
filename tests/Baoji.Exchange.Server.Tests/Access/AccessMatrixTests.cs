using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Tests.Accounts;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Access;

/// <summary>
/// Runs <see cref="AccessMatrix"/> against the real server, one test case per endpoint × caller × own/other, with the
/// 2024 seeds loaded; and checks that the README shows the same table.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class AccessMatrixTests(AzuriteFixture azurite, AccessServer shared) : IClassFixture<AccessServer>
{
    public static TheoryData<string, string, string, int> Rows()
    {
        var rows = new TheoryData<string, string, string, int>();
        foreach (var rule in AccessMatrix.Rules)
        {
            foreach (var actor in MatrixActor.All)
            {
                foreach (var relation in Enum.GetValues<AccessRelation>())
                {
                    var role = actor.Org is null ? AccessRole.Admin : Role(actor);
                    var expected = rule.For(role).For(relation);
                    if (expected != AccessMatrix.NotApplicable)
                    {
                        rows.Add(rule.Endpoint.ToString(), actor.Name, relation.ToString(), expected);
                    }
                }
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_row_of_the_matrix_holds_against_the_server(string endpoint, string actorName, string relation, int expected)
    {
        var server = shared.Get(azurite);
        var actor = MatrixActor.Named(actorName);
        var rule = AccessMatrix.Rules.Single(r => r.Endpoint.ToString() == endpoint);
        // Changing one's own password is a person's (a token has none): that row is run with a person's sign-in.
        var client = rule.Endpoint == AccessMatrix.MePassword ? await shared.PersonOf(actor) : await shared.ClientOf(actor);
        using var request = await MatrixRequests.BuildAsync(rule.Endpoint, actor, Enum.Parse<AccessRelation>(relation), shared, server);

        using var response = await client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        if (expected == AccessMatrix.Allowed)
        {
            Assert.True(response.IsSuccessStatusCode, $"{endpoint} as {actorName} ({relation}): expected 2xx, got {(int)response.StatusCode}: {body}");
        }
        else
        {
            Assert.True((int)response.StatusCode == expected, $"{endpoint} as {actorName} ({relation}): expected {expected}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(JsonNode.Parse(body)?["errors"]);
        }
    }

    [Fact]
    public void The_README_shows_the_matrix_of_the_code()
    {
        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Baoji.Exchange.Server.Hosting.RepositoryPaths.Find("seeds"))!, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains(AccessMatrix.ToMarkdown(), readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_api_endpoint_the_server_maps_has_a_row()
    {
        var mapped = shared.Get(azurite).Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Template(e.RoutePattern.RawText!)}"))
            .Distinct()
            .ToList();
        var covered = AccessMatrix.Rules.Select(r => $"{r.Endpoint.Method} {r.Endpoint.Route.Split('?')[0].TrimStart('/')}").ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(mapped);
        Assert.All(mapped, m => Assert.True(covered.Contains(m), $"{m} has no row in AccessMatrix"));
    }

    private static string Template(string route)
    {
        var template = route.Replace(":int", "", StringComparison.Ordinal).TrimEnd('/');
        foreach (var collection in new[] { "visits", "staff-exchanges", "trainings" })
        {
            template = template.Replace($"api/v1/{collection}", "api/v1/{collection}", StringComparison.Ordinal);
        }

        // Agreements share the collection endpoints and have endpoints of their own.
        string[] ownOnly = ["/signatures", "/termination", "/document"];
        return ownOnly.Any(e => template.EndsWith(e, StringComparison.Ordinal))
            ? template
            : template.Replace("api/v1/agreements", "api/v1/{collection}", StringComparison.Ordinal);
    }

    private static AccessRole Role(MatrixActor actor) => actor.Org switch
    {
        "610300" or "320300" => AccessRole.City,
        { Length: 6 } => AccessRole.County,
        _ => AccessRole.School,
    };
}

/// <summary>The server of <see cref="AccessMatrixTests"/> (seeds and the 2024 ledger), the callers' tokens and a few records of its own.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes a class fixture through IAsyncLifetime.DisposeAsync, which disposes the gate.")]
public sealed class AccessServer : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string, string), string> _visits = [];
    private readonly Dictionary<string, string> _accounts = new(StringComparer.Ordinal);
    private ServerFactory? _server;

    public ServerFactory Get(AzuriteFixture azurite)
    {
        lock (_clients)
        {
            return _server ??= new ServerFactory(azurite, SharedServer.NewServiceId("access")) { LoadLedger = true };
        }
    }

    public async Task<HttpClient> ClientOf(MatrixActor actor)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_clients.TryGetValue(actor.Name, out var client))
            {
                client = actor.Org is null ? _server!.Admin() : await _server!.ActingFor(actor.Org);
                _clients[actor.Name] = client;
            }

            return client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A visit between two parties, logged once by the administrator for the first.</summary>
    public async Task<string> VisitAsync((string From, string To, string Level) visit)
    {
        await _gate.WaitAsync();
        try
        {
            var key = (visit.From, visit.To, visit.Level);
            if (!_visits.TryGetValue(key, out var id))
            {
                var body = Bodies.Visit(visit.From, visit.To, visit.Level);
                body["loggedBy"] = visit.From;
                id = (string)(await _server!.Admin().CreateAsync("visits", body))["id"]!;
                _visits[key] = id;
            }

            return id;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The password of the persons <see cref="PersonOf"/> signs in (their own password change sets it again).</summary>
    public const string PersonPassword = "matrix-person-1";

    /// <summary>
    /// A fresh sign-in (cookie and antiforgery header) of a person of the caller's organisation, made once by the
    /// administrator; the administrator's own account for the administrator.
    /// </summary>
    public async Task<HttpClient> PersonOf(MatrixActor actor)
    {
        if (actor.Org is null)
        {
            return (await _server!.SignedInAsync("admin", ServerFactory.AdminPassword)).Client;
        }

        var login = $"mp-{actor.Org}".ToLowerInvariant();
        await _gate.WaitAsync();
        try
        {
            if (!_accounts.ContainsKey(login))
            {
                var created = await _server!.Admin().PostAsJsonAsync("/api/v1/accounts",
                    new { login, displayName = "矩阵测试个人", organizationId = actor.Org, password = PersonPassword });
                created.EnsureSuccessStatusCode();
                _accounts[login] = login;
            }
        }
        finally
        {
            _gate.Release();
        }

        return (await _server!.SignedInAsync(login, PersonPassword)).Client;
    }

    /// <summary>An account of the organisation, created once by the administrator.</summary>
    public async Task<string> AccountAsync(string organizationId)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_accounts.TryGetValue(organizationId, out var login))
            {
                login = $"mx-{organizationId}".ToLowerInvariant();
                var created = await _server!.Admin().PostAsJsonAsync("/api/v1/accounts",
                    new { login, displayName = "矩阵测试账号", organizationId, password = "matrix-password-1" });
                created.EnsureSuccessStatusCode();
                _accounts[organizationId] = login;
            }

            return login;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _gate.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
