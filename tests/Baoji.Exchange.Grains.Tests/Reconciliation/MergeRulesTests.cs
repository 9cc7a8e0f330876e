using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Grains.Reconciliation;

namespace Baoji.Exchange.Grains.Tests.Reconciliation;

/// <summary>Only probable duplicates are merged, and never into a record that is itself merged away.</summary>
public sealed class MergeRulesTests
{
    private const string Longxian = "610327";
    private const string Tongshan = "320312";
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly PartyRef[] Parties =
    [
        new(Longxian, OrganizationKind.County, Longxian, "610300", Province.Shaanxi),
        new(Tongshan, OrganizationKind.County, Tongshan, "320300", Province.Jiangsu),
    ];

    private static LedgerRecord Visit(string id, string loggedBy, int year = 2024, int month = 4) =>
        RecordDecisions.Create(id, new CreateRecord(
            new VisitBody(Longxian, Tongshan, VisitLevel.Bureau, new(year, month, 9), new(year, month, 11), 5, "商定年度对口帮扶工作计划"),
            Parties, loggedBy, new Actor(loggedBy)), Now);

    [Fact]
    public void The_same_visit_logged_by_each_side_is_merged()
    {
        Assert.Null(MergeRules.Check(Visit("a", Longxian), Visit("b", Tongshan)));
    }

    [Theory]
    [InlineData(2023, 4, Tongshan)] // a 2023 visit into a 2024 one
    [InlineData(2024, 5, Tongshan)] // dates that do not overlap
    [InlineData(2024, 4, Longxian)] // both logged by one side: two visits, not one
    public void What_is_no_probable_duplicate_is_refused(int year, int month, string loggedBy)
    {
        var broken = MergeRules.Check(Visit("a", Longxian), Visit("b", loggedBy, year, month));

        Assert.Equal((RecordErrorKind.Unprocessable, "duplicateId"), (broken?.Kind, broken?.Field));
    }

    [Fact]
    public void A_record_merged_away_is_kept_by_nobody_and_a_repeat_passes()
    {
        var keep = Visit("a", Longxian);
        var merged = Visit("b", Tongshan) with { MergedInto = "a" };

        Assert.Null(MergeRules.Check(keep, merged));
        // The opposite merge would leave the event counted nowhere.
        Assert.Equal((RecordErrorKind.Conflict, "keepId"), (MergeRules.Check(merged, keep)?.Kind, MergeRules.Check(merged, keep)?.Field));
        Assert.Equal("duplicateId", MergeRules.Check(Visit("c", Longxian), merged)?.Field);
    }

    [Fact]
    public void Withdrawn_or_disputed_records_are_not_merged()
    {
        var withdrawn = Visit("b", Tongshan) with { Status = RecordStatus.Withdrawn };
        var disputed = Visit("a", Longxian) with { Status = RecordStatus.Disputed };

        Assert.Equal("duplicateId", MergeRules.Check(Visit("a", Longxian), withdrawn)?.Field);
        Assert.Equal("keepId", MergeRules.Check(disputed, Visit("b", Tongshan))?.Field);
    }
}
