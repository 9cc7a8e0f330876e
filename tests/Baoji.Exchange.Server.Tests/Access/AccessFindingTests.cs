using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Figures;
using Baoji.Exchange.Server.Tests.Ledger;

namespace Baoji.Exchange.Server.Tests.Access;

/// <summary>The findings of issue 9 on reading reports, each reproduced and now refused, then a read showing nothing changed.</summary>
public sealed partial class AccessMatrixTests
{
    private const string Finding = "/api/v1/reports/2024/records?perspective=610300&figure=staffExchanged.sent&countyId=610324";

    [Fact]
    public async Task A_Xuzhou_school_token_no_longer_reads_Baojis_report_nor_the_person_references_of_a_Baoji_county()
    {
        var server = shared.Get(azurite);
        var school = await shared.ClientOf(MatrixActor.Named("Tongshan school"));

        await (await school.GetAsync("/api/v1/reports/2024?perspective=610300")).ExpectProblemAsync(HttpStatusCode.Forbidden, "perspective");
        var drill = await school.GetAsync(Finding);
        var problem = await drill.ExpectProblemAsync(HttpStatusCode.Forbidden, "countyId");
        Assert.DoesNotContain("610324-", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("items", problem.ToJsonString(), StringComparison.Ordinal);

        // Nothing changed: the report and the drill-down are there for those who may read them.
        var report = await server.Admin().ReportAsync(2024, Orgs.Baoji);
        Assert.Equal(61, (int)report["staffExchanged"]!["sent"]!);
        var items = (await server.Admin().DrillDownAsync(2024, Orgs.Baoji, "staffExchanged.sent", "610324"))["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.DoesNotContain("***", (string)i!["key"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Xuzhou_reads_the_partnership_from_its_own_perspective_only_and_a_county_its_own_county_only()
    {
        var xuzhou = await shared.ClientOf(MatrixActor.Named("Xuzhou city 320300"));
        var longxian = await shared.ClientOf(MatrixActor.Named("Longxian county 610327"));

        await (await xuzhou.GetAsync("/api/v1/reports/2024?perspective=610300")).ExpectProblemAsync(HttpStatusCode.Forbidden, "perspective");
        await (await xuzhou.GetAsync(Finding)).ExpectProblemAsync(HttpStatusCode.Forbidden, "countyId");
        await (await longxian.GetAsync(Finding)).ExpectProblemAsync(HttpStatusCode.Forbidden, "countyId");
        await (await longxian.GetAsync("/api/v1/reports/2024?perspective=610300")).ExpectProblemAsync(HttpStatusCode.Forbidden, "perspective");

        var mirrored = await xuzhou.ReportAsync(2024, Orgs.Xuzhou);
        Assert.Equal(61, (int)mirrored["staffExchanged"]!["received"]!);
        var own = await longxian.DrillDownAsync(2024, Orgs.Baoji, "staffExchanged.sent", "610327");
        Assert.All(own["items"]!.AsArray(), i => Assert.DoesNotContain("***", (string)i!["key"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_drill_down_of_an_unknown_figure_is_refused_before_anything_is_read()
    {
        var admin = shared.Get(azurite).Admin();

        // The perspective is not even registered: the figure's name is refused before the registry is asked.
        await (await admin.GetAsync("/api/v1/reports/2024/records?perspective=999900&figure=nope")).ExpectProblemAsync(HttpStatusCode.BadRequest, "figure");
        // A subject the year has no figure of is refused from the totals, without a scan of the rows.
        await (await admin.GetAsync("/api/v1/reports/2024/records?perspective=610300&figure=training.bySubject.不存在")).ExpectProblemAsync(HttpStatusCode.BadRequest, "figure");

        var known = await admin.DrillDownAsync(2024, Orgs.Baoji, "training.bySubject.机械加工");
        Assert.NotEmpty(known["items"]!.AsArray());
    }

    [Fact]
    public async Task Reconciliation_comes_in_pages_that_together_are_the_whole_list()
    {
        var admin = shared.Get(azurite).Admin();
        var whole = await admin.GetJsonAsync("/api/v1/reconciliation/2024?perspective=610300");
        Assert.Null(whole["continuationToken"]);

        var pages = 0;
        var seen = new JsonObject { ["unconfirmed"] = new JsonArray(), ["disputed"] = new JsonArray(), ["probableDuplicates"] = new JsonArray() };
        string? token = null;
        do
        {
            var page = await admin.GetJsonAsync("/api/v1/reconciliation/2024?perspective=610300&pageSize=1" + (token is null ? "" : $"&continuationToken={token}"));
            foreach (var section in new[] { "unconfirmed", "disputed", "probableDuplicates" })
            {
                Assert.True(page[section]!.AsArray().Count <= 1);
                foreach (var entry in page[section]!.AsArray())
                {
                    seen[section]!.AsArray().Add(entry!.DeepClone());
                }
            }

            token = (string?)page["continuationToken"];
            pages++;
        }
        while (token is not null && pages < 1000);

        foreach (var section in new[] { "unconfirmed", "disputed", "probableDuplicates" })
        {
            Assert.Equal(whole[section]!.ToJsonString(), seen[section]!.ToJsonString());
        }

        Assert.True(pages > 1);
        await (await admin.GetAsync("/api/v1/reconciliation/2024?perspective=610300&continuationToken=bm9wZQ")).ExpectProblemAsync(HttpStatusCode.BadRequest, "continuationToken");
        await (await admin.GetAsync("/api/v1/reconciliation/2024?perspective=610300&pageSize=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "pageSize");
    }
}
