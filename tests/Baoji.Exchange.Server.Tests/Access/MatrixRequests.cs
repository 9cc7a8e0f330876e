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

        if (endpoint == AccessMatrix.ImportTemplate)
        {
            return Get("/api/v1/imports/templates/visits.xlsx");
        }

        if (endpoint == AccessMatrix.ImportCreate)
        {
            return ImportUpload(own ? actor.OwnVisit : actor.OtherVisit ?? actor.OwnVisit, actor.Org is null || !own ? org : null);
        }

        if (endpoint == AccessMatrix.ImportGet || endpoint == AccessMatrix.ImportCommit)
        {
            // Own: an import the caller made for itself; other: one the administrator made for another organisation.
            var uploader = own ? await shared.ClientOf(actor) : server.Admin();
            var visit = own ? actor.OwnVisit : actor.OtherVisit ?? actor.OwnVisit;
            using var upload = ImportUpload(visit, actor.Org is null || !own ? org : null);
            var created = await (await uploader.SendAsync(upload)).Content.ReadFromJsonAsync<JsonObject>();
            var id = (string)created!["id"]!;
            return endpoint == AccessMatrix.ImportGet ? Get($"/api/v1/imports/{id}") : new HttpRequestMessage(HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        }

        throw new InvalidOperationException($"No request for {endpoint}: add one when adding a row to the matrix.");
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    /// <summary>A one-row CSV import of a visit (a row key of its own, so each case creates its record), for an organisation or the caller's own.</summary>
    private static HttpRequestMessage ImportUpload((string From, string To, string Level) visit, string? organizationId)
    {
        var level = visit.Level == "school" ? "结对学校领导" : "县区教育部门领导";
        var csv = $"编号,出访单位,接待单位,互访级别,开始日期,结束日期,代表团人数,事由\r\nmx-{Guid.NewGuid():N},{visit.From},{visit.To},{level},2024-05-06,2024-05-07,4,矩阵测试\r\n";
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "matrix.csv" },
            { new StringContent("visits"), "kind" },
        };
        if (organizationId is not null)
        {
            form.Add(new StringContent(organizationId), "organizationId");
        }

        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports") { Content = form };
    }
}
