using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Web.Layout;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Components;

/// <summary>The small components every page is made of, rendered by bUnit.</summary>
public sealed class ComponentTests : BunitContext
{
    private static readonly Organization Script = new("sx-610327-xss", "<script>alert(1)</script>", OrganizationKind.School, "610327", Province.Shaanxi);

    public ComponentTests()
    {
        Services.AddAntDesign();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void An_organisation_shows_by_name_with_its_code_on_hover_and_its_name_encoded()
    {
        var label = Render<OrgLabel>(p => p.Add(c => c.Organization, Script));

        var span = label.Find("span.baoji-org");
        Assert.Equal("<script>alert(1)</script>", span.TextContent);
        Assert.Equal("sx-610327-xss", span.GetAttribute("title"));
        Assert.DoesNotContain("<script>", label.Markup, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", label.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_organisation_shows_its_id()
    {
        var label = Render<OrgRef>(p => p.Add(c => c.Id, "320399").Add(c => c.Names, new Dictionary<string, Organization>()));

        Assert.Equal("320399", label.Find("span.baoji-org").TextContent);
    }

    [Fact]
    public void A_field_shows_its_own_messages_only()
    {
        var errors = new Dictionary<string, string[]> { ["startDate"] = ["开始日期必填"], ["endDate"] = ["结束日期早于开始日期"] };

        var shown = Render<FieldError>(p => p.Add(c => c.Errors, errors).Add(c => c.Field, "endDate"));

        Assert.Equal("结束日期早于开始日期", Assert.Single(shown.FindAll(".baoji-field-error")).TextContent);
    }

    [Theory]
    [InlineData(RecordStatus.Logged, "待确认")]
    [InlineData(RecordStatus.Confirmed, "已确认")]
    [InlineData(RecordStatus.Disputed, "有异议")]
    [InlineData(RecordStatus.Withdrawn, "已撤回")]
    public void A_status_reads_in_Chinese(RecordStatus status, string text)
    {
        var tag = Render<StatusTag>(p => p.Add(c => c.Status, status));

        Assert.Contains(text, tag.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_names_both_parties_and_links_each_record()
    {
        var record = new LedgerRecord("vis-20240510000000000-0a1b2c3d4e",
            new VisitBody("610327", "320312", VisitLevel.Bureau, new DateOnly(2024, 5, 10), new DateOnly(2024, 5, 12), 6, "交流"),
            "610327", DateTimeOffset.UnixEpoch, RecordStatus.Logged, 1, [], [], [], null, null, null, null);
        var names = new Dictionary<string, Organization>
        {
            ["610327"] = new("610327", "陇县教育体育局", OrganizationKind.County, "610300", Province.Shaanxi),
            ["320312"] = new("320312", "铜山区教育局", OrganizationKind.County, "320300", Province.Jiangsu),
        };

        var list = Render<RecordTable>(p => p.Add(c => c.Records, [record]).Add(c => c.Names, names).Add(c => c.ListName, "awaiting"));

        var row = list.Find($"[data-list='awaiting'] tr[data-record='{record.Id}']");
        Assert.Contains("陇县教育体育局", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("铜山区教育局", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2024-05-10 – 2024-05-12", row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/records/{record.Id}", row.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void An_empty_list_says_so()
    {
        var list = Render<RecordTable>(p => p.Add(c => c.Records, []));

        Assert.Contains("暂无", list.Markup, StringComparison.Ordinal);
        Assert.Empty(list.FindAll("table"));
    }
}
