using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Api.Localization;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Web.Hosting;
using Baoji.Exchange.Server.Web.Shared;

namespace Baoji.Exchange.Server.Tests.Components;

/// <summary>What the pages decide without a server: errors by field, Chinese words and dates, the page security policy.</summary>
public sealed class PageRulesTests
{
    [Fact]
    public void A_version_conflict_reads_in_Chinese_at_its_field()
    {
        var errors = PageErrors.From(LedgerOutcome.Problem(412, "If-Match", "The record is at version 3, not 2."));

        Assert.Equal(["已被他人修改，请刷新后再试"], errors["If-Match"]);
    }

    [Fact]
    public void A_conflict_keeps_the_ledgers_message_after_the_Chinese_one()
    {
        var errors = PageErrors.From(LedgerOutcome.Problem(409, "status", "A withdrawn record cannot be confirmed."));

        Assert.Equal(["已被他人修改，请刷新后再试", "已撤回的记录不能确认。"], errors["status"]);
    }

    [Fact]
    public void Messages_of_fields_the_form_lacks_are_shown_above_it()
    {
        var errors = PageErrors.From(LedgerOutcome.Invalid(FieldErrors.Of("delegationSize", "delegationSize must be between 1 and 500.").Add("loggedBy", "b")));

        Assert.Equal(["请求有误：b"], PageErrors.Others(errors, "delegationSize", "endDate"));
    }

    [Fact]
    public void A_ledger_refusal_reads_in_Chinese_at_its_field_from_the_catalog_of_the_api()
    {
        var errors = PageErrors.From(LedgerOutcome.Invalid(FieldErrors.Of("delegationSize", "delegationSize must be between 1 and 500.")));

        var message = Assert.Single(errors["delegationSize"]);
        Assert.Equal(ProblemCatalog.Translate("delegationSize", "delegationSize must be between 1 and 500.", ProblemLanguage.Chinese).Text, message);
        Assert.DoesNotMatch("[A-Za-z]{3,}", message);
    }

    [Fact]
    public void Dates_are_yyyy_MM_dd_and_times_are_Beijing_time()
    {
        Assert.Equal("2024-05-01", ZhCn.Date(new DateOnly(2024, 5, 1)));
        Assert.Equal("—", ZhCn.Date((DateOnly?)null));
        Assert.Equal("2024-05-01 08:30", ZhCn.Time(new DateTimeOffset(2024, 5, 1, 0, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Every_enumeration_has_a_Chinese_name()
    {
        Assert.All(Enum.GetValues<RecordKind>(), k => Assert.DoesNotMatch("[A-Za-z]", ZhCn.Kind(k)));
        Assert.All(Enum.GetValues<VisitLevel>(), l => Assert.DoesNotMatch("[A-Za-z]", ZhCn.Level(l)));
        Assert.All(Enum.GetValues<StaffRole>(), r => Assert.DoesNotMatch("[A-Za-z]", ZhCn.Role(r)));
        Assert.All(Enum.GetValues<TrainingKind>(), k => Assert.DoesNotMatch("[A-Za-z]", ZhCn.Training(k)));
        Assert.All(Enum.GetValues<AgreementKind>(), k => Assert.DoesNotMatch("[A-Za-z]", ZhCn.Agreement(k)));
    }

    [Theory]
    [InlineData("vis-20240510000000000-0a1b2c3d4e", RecordKind.Visit)]
    [InlineData("agr-20240510000000000-0a1b2c3d4e", RecordKind.Agreement)]
    [InlineData("xyz-20240510000000000-0a1b2c3d4e", null)]
    [InlineData("vis-../../etc", null)]
    public void A_record_page_reads_the_kind_from_the_id(string id, RecordKind? kind) => Assert.Equal(kind, RecordIds.KindOf(id));

    [Fact]
    public void The_page_policy_runs_scripts_of_this_host_only_and_is_never_framed()
    {
        var policy = SecurityHeaders.Policy("127.0.0.1:5080");

        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' ws://127.0.0.1:5080 wss://127.0.0.1:5080", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }
}
