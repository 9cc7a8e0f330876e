using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;

namespace Baoji.Exchange.Server.Tests.Access;

/// <summary>The request each endpoint of <see cref="AccessMatrix"/> is tried with, for a caller and its own or another's resource.</summary>
internal static class MatrixRequests
{
    private const string Drill = "figure=staffExchanged.sent";

    public static async Task<HttpRequestMessage> BuildAsync(AccessEndpoint endpoint, MatrixActor actor, AccessRelation relation, AccessServer shared, ServerFactory server)
    {
        var own = relation == AccessRelation.Own;
        var org = own ? actor.OwnOrg : actor.OtherOrg;
        var city = own ? actor.City : actor.OtherCity;
        var (drillCity, county) = own ? (actor.City, actor.OwnCounty) : actor.OtherCounty;
        if (endpoint == AccessMatrix.OrganizationGet)
        {
            return Get($"/api/v1/organizations/{org}");
        }

        if (endpoint == AccessMatrix.OrganizationPut)
        {
            // An organisation the test owns: created (or updated) only when the administrator asks.
            var (id, parent, province) = own ? ("mx-school-own", "610327", "shaanxi") : ("mx-school-other", "320381", "jiangsu");
            return new HttpRequestMessage(HttpMethod.Put, $"/api/v1/organizations/{id}")
            {
                Content = JsonContent.Create(new { name = "矩阵测试学校", kind = "school", parentId = parent, province, illustrative = true }),
            };
        }

        if (endpoint == AccessMatrix.PairingsList)
        {
            return Get($"/api/v1/pairings?organizationId={org}");
        }

        if (endpoint == AccessMatrix.TokenIssue)
        {
            return new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = JsonContent.Create(new { organizationId = org }) };
        }

        if (endpoint == AccessMatrix.TokenRevoke)
        {
            var issued = await (await server.Admin().PostAsJsonAsync("/api/v1/tokens", new { organizationId = org })).Content.ReadFromJsonAsync<JsonObject>();
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/tokens/{(string)issued!["tokenId"]!}");
        }

        if (endpoint == AccessMatrix.Me)
        {
            return Get("/api/v1/me");
        }

        if (endpoint == AccessMatrix.AccountCreate)
        {
            var login = $"mx-{Guid.NewGuid():N}"[..20];
            return new HttpRequestMessage(HttpMethod.Post, "/api/v1/accounts")
            {
                Content = JsonContent.Create(new { login, displayName = "矩阵测试", organizationId = org, password = "matrix-password-1" }),
            };
        }

        if (endpoint == AccessMatrix.AccountList)
        {
            return Get($"/api/v1/accounts?organizationId={org}");
        }

        if (endpoint == AccessMatrix.AccountGet)
        {
            return Get($"/api/v1/accounts/{await shared.AccountAsync(org)}");
        }

        if (endpoint == AccessMatrix.AccountDisable || endpoint == AccessMatrix.AccountEnable)
        {
            var action = endpoint == AccessMatrix.AccountDisable ? "disable" : "enable";
            return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/accounts/{await shared.AccountAsync(org)}/{action}");
        }

        if (endpoint == AccessMatrix.AccountPasswordReset)
        {
            return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/accounts/{await shared.AccountAsync(org)}/password")
            {
                Content = JsonContent.Create(new { password = "matrix-password-2" }),
            };
        }

        if (endpoint == AccessMatrix.RecordCreate)
        {
            var visit = own ? actor.OwnVisit : actor.OtherVisit!.Value;
            var body = Bodies.Visit(visit.From, visit.To, visit.Level);
            if (actor.Org is null)
            {
                body["loggedBy"] = visit.From;
            }

            return new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits") { Content = JsonContent.Create(body) };
        }

        if (endpoint == AccessMatrix.RecordGet)
        {
            return Get($"/api/v1/visits/{await shared.VisitAsync(own ? actor.OwnVisit : actor.OtherVisit!.Value)}");
        }

        if (endpoint == AccessMatrix.RecordList)
        {
            return Get($"/api/v1/visits?organizationId={org}&year=2024");
        }

        if (endpoint == AccessMatrix.Report)
        {
            return Get($"/api/v1/reports/2024?perspective={city}");
        }

        if (endpoint == AccessMatrix.ReportChart)
        {
            return Get($"/api/v1/reports/2024/chart.png?perspective={city}");
        }

        if (endpoint == AccessMatrix.CityDrillDown)
        {
            return Get($"/api/v1/reports/2024/records?perspective={city}&{Drill}");
        }

        if (endpoint == AccessMatrix.CountyDrillDown)
        {
            return Get($"/api/v1/reports/2024/records?perspective={drillCity}&{Drill}&countyId={county}");
        }

        if (endpoint == AccessMatrix.FiguresAudit)
        {
            return Get($"/api/v1/reports/2024/audit?perspective={city}");
        }

        if (endpoint == AccessMatrix.FiguresRebuild)
        {
            return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/reports/2024/rebuild?perspective={city}");
        }

        if (endpoint == AccessMatrix.FiguresRebuildStatus)
        {
            var started = await server.Admin().PostAsync($"/api/v1/reports/2024/rebuild?perspective={city}", null);
            return Get(started.Headers.Location!.OriginalString);
        }

        if (endpoint == AccessMatrix.Reconciliation)
        {
            return Get($"/api/v1/reconciliation/2024?perspective={city}");
        }

        throw new InvalidOperationException($"No request for {endpoint}: add one when adding a row to the matrix.");
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);
}
