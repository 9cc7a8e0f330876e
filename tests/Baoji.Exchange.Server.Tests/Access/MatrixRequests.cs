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

        if (endpoint == AccessMatrix.TokenList)
        {
            return Get($"/api/v1/tokens?organizationId={org}");
        }

        if (endpoint == AccessMatrix.TokenRevoke)
        {
            var issued = await (await server.Admin().PostAsJsonAsync("/api/v1/tokens", new { organizationId = org })).Content.ReadFromJsonAsync<JsonObject>();
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/tokens/{(string)issued!["tokenId"]!}");
        }

        if (endpoint == AccessMatrix.Dashboard)
        {
            // The page itself: "/dashboard" redirects here, and a redirect drops the Authorization header.
            return Get("/dashboard/");
        }

        if (endpoint == AccessMatrix.Me)
        {
            return Get("/api/v1/me");
        }

        if (endpoint == AccessMatrix.MePassword)
        {
            // The same password again: each case signs in afresh with it.
            var password = actor.Org is null ? ServerFactory.AdminPassword : AccessServer.PersonPassword;
            return new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/password")
            {
                Content = JsonContent.Create(new { currentPassword = password, newPassword = password }),
            };
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

        if (endpoint == AccessMatrix.OrganizationsList)
        {
            return Get($"/api/v1/organizations?parentId={org}");
        }

        return await RecordCommandAsync(endpoint, own ? actor.OwnVisit : actor.OtherVisit!.Value, server)
            ?? throw new InvalidOperationException($"No request for {endpoint}: add one when adding a row to the matrix.");
    }

    /// <summary>
    /// Record commands, each on a record made for this request (a command changes it): a visit or an agreement between
    /// the two parties of the caller's own or another pair, logged by the side the two-sided rules need, so that only
    /// access decides. The caller acts for <paramref name="pair"/>.From's side.
    /// </summary>
    private static async Task<HttpRequestMessage?> RecordCommandAsync(AccessEndpoint endpoint, (string From, string To, string Level) pair, ServerFactory server)
    {
        var admin = server.Admin();
        if (endpoint == AccessMatrix.PairingCreate)
        {
            // Two schools paired by this request: created (once) by the administrator under the pair's counties.
            var (a, b) = await PairableSchoolsAsync(admin, pair);
            return Post("/api/v1/pairings", new JsonObject { ["level"] = "school", ["partyIds"] = new JsonArray(a, b), ["since"] = "2024-09-01" });
        }

        if (endpoint == AccessMatrix.RecordConfirm || endpoint == AccessMatrix.RecordDispute)
        {
            // Logged by the other side: the caller's side is the one that answers.
            var id = await VisitAsync(admin, pair, loggedBy: pair.To);
            return endpoint == AccessMatrix.RecordConfirm
                ? Post($"/api/v1/visits/{id}/confirmation", new JsonObject { ["orgId"] = pair.From })
                : Post($"/api/v1/visits/{id}/dispute", new JsonObject { ["orgId"] = pair.From, ["reason"] = "人数不符" });
        }

        if (endpoint == AccessMatrix.RecordWithdraw)
        {
            return Post($"/api/v1/visits/{await VisitAsync(admin, pair, loggedBy: pair.From)}/withdrawal", new JsonObject { ["reason"] = "重复登记" });
        }

        if (endpoint == AccessMatrix.RecordCorrect)
        {
            var id = await VisitAsync(admin, pair, loggedBy: pair.From);
            var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/visits/{id}")
            {
                Content = JsonContent.Create(new JsonObject { ["reason"] = "更正人数", ["changes"] = new JsonObject { ["delegationSize"] = 6 } }),
            };
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            return request;
        }

        if (endpoint == AccessMatrix.AgreementSign)
        {
            return Post($"/api/v1/agreements/{await AgreementAsync(admin, pair)}/signatures", new JsonObject { ["orgId"] = pair.From, ["signedOn"] = "2025-06-01" });
        }

        if (endpoint == AccessMatrix.AgreementTerminate)
        {
            return Post($"/api/v1/agreements/{await AgreementAsync(admin, pair)}/termination",
                new JsonObject { ["orgId"] = pair.From, ["terminatedOn"] = "2031-12-01", ["reason"] = "合作调整" });
        }

        if (endpoint == AccessMatrix.DocumentPut || endpoint == AccessMatrix.DocumentGet)
        {
            var id = await AgreementAsync(admin, pair);
            var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agreements/{id}/document") { Content = Pdf() };
            if (endpoint == AccessMatrix.DocumentPut)
            {
                return upload;
            }

            (await admin.SendAsync(upload)).EnsureSuccessStatusCode();
            return Get($"/api/v1/agreements/{id}/document");
        }

        if (endpoint == AccessMatrix.MergeCreate || endpoint == AccessMatrix.MergeGet || endpoint == AccessMatrix.MergeWithdraw)
        {
            // The same visit logged by each side: a probable duplicate.
            var keep = await VisitAsync(admin, pair, loggedBy: pair.From);
            var duplicate = await VisitAsync(admin, pair, loggedBy: pair.To);
            var merge = new JsonObject { ["keepId"] = keep, ["duplicateId"] = duplicate };
            if (endpoint == AccessMatrix.MergeCreate)
            {
                return Post("/api/v1/reconciliation/merges", merge);
            }

            var merged = await (await admin.PostAsJsonAsync("/api/v1/reconciliation/merges", merge)).ExpectAsync(System.Net.HttpStatusCode.Created);
            var mergeId = (string)merged["id"]!;
            return endpoint == AccessMatrix.MergeGet
                ? Get($"/api/v1/reconciliation/merges/{mergeId}")
                : new HttpRequestMessage(HttpMethod.Post, $"/api/v1/reconciliation/merges/{mergeId}/withdrawal");
        }

        return null;
    }

    // The records of the command rows lie in 2031, a year of their own, so that they leave 2024's reconciliation
    // (which AccessFindingTests pages through on the same server) as the seeds made it.
    private static async Task<string> VisitAsync(HttpClient admin, (string From, string To, string Level) pair, string loggedBy)
    {
        var body = Bodies.Visit(pair.From, pair.To, pair.Level);
        (body["startDate"], body["endDate"], body["loggedBy"]) = ("2031-04-09", "2031-04-11", loggedBy);
        return (await admin.CreateAsync("visits", body)).Id();
    }

    private static async Task<string> AgreementAsync(HttpClient admin, (string From, string To, string Level) pair)
    {
        var body = Bodies.Agreement("cooperation", pair.From, pair.To);
        (body["validFrom"], body["validUntil"], body["loggedBy"]) = ("2031-04-16", "2032-12-31", pair.From);
        return (await admin.CreateAsync("agreements", body)).Id();
    }

    private static async Task<(string, string)> PairableSchoolsAsync(HttpClient admin, (string From, string To, string Level) pair)
    {
        var ids = new List<string>();
        foreach (var party in new[] { pair.From, pair.To })
        {
            var organization = await (await admin.GetAsync($"/api/v1/organizations/{party}")).ExpectAsync(System.Net.HttpStatusCode.OK);
            var county = (string?)organization["kind"] == "school" ? (string)organization["parentId"]! : party;
            var province = (string)organization["province"]!;
            var id = $"mx-pair-{county}";
            (await admin.PutAsJsonAsync($"/api/v1/organizations/{id}",
                new { name = "矩阵结对测试学校", kind = "school", parentId = county.EndsWith("00", StringComparison.Ordinal) ? CountyOf(county) : county, province, illustrative = true }))
                .EnsureSuccessStatusCode();
            ids.Add(id);
        }

        return (ids[0], ids[1]);
    }

    // A city's pairing test uses a county under it.
    private static string CountyOf(string city) => city == "610300" ? "610327" : "320312";

    private static StreamContent Pdf()
    {
        var content = new StreamContent(new MemoryStream("%PDF-1.4\n% matrix test\n%%EOF\n"u8.ToArray()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        return content;
    }

    private static HttpRequestMessage Post(string url, JsonNode body) => new(HttpMethod.Post, url) { Content = JsonContent.Create(body) };

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
