using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Grains.Figures;

namespace Baoji.Exchange.Grains.Tests.Figures;

/// <summary>The counting rules of API.md ("Year-end figures") as contributions of one record to one year.</summary>
public sealed class FigureRulesTests
{
    private static readonly PartyRef Baoji = new("610300", OrganizationKind.City, null, "610300", Province.Shaanxi);
    private static readonly PartyRef Xuzhou = new("320300", OrganizationKind.City, null, "320300", Province.Jiangsu);
    private static readonly PartyRef Longxian = new("610327", OrganizationKind.County, "610327", "610300", Province.Shaanxi);
    private static readonly PartyRef Tongshan = new("320312", OrganizationKind.County, "320312", "320300", Province.Jiangsu);
    private static readonly PartyRef LongxianVocational = new("sx-610327-longxian-vec", OrganizationKind.School, "610327", "610300", Province.Shaanxi);
    private static readonly PartyRef TongshanVocational = new("js-320312-tongshan-svs", OrganizationKind.School, "320312", "320300", Province.Jiangsu);

    private static LedgerRecord Record(RecordBody body, PartyRef a, PartyRef b, RecordStatus status = RecordStatus.Logged, string? mergedInto = null,
        string id = "rec-1") =>
        new(id, body, a.OrgId, DateTimeOffset.UnixEpoch, status, 1, [a, b], [], [], null, null, mergedInto, null);

    private static VisitBody Visit(VisitLevel level, string from, string to, string start = "2024-04-09", string end = "2024-04-11") =>
        new(from, to, level, DateOnly.Parse(start), DateOnly.Parse(end), 5, "visit");

    private static StaffExchangeBody Staff(string personRef, string home, string host, string start, string end) =>
        new(personRef, "张老师", StaffRole.Teacher, home, host, DateOnly.Parse(start), DateOnly.Parse(end), "机械加工");

    private static TrainingBody Training(TrainingKind kind = TrainingKind.TeacherTraining, decimal equipment = 0, int sessions = 5, int trainees = 30) =>
        new(TongshanVocational.OrgId, LongxianVocational.OrgId, kind, ["机械加工", "电子技术"], TrainingMode.Onsite,
            new DateOnly(2024, 5, 20), new DateOnly(2024, 5, 24), sessions, trainees, equipment);

    private static AgreementBody Agreement() =>
        new(AgreementKind.Cooperation, [Longxian.OrgId, Tongshan.OrgId], "协议", new DateOnly(2024, 4, 16), new DateOnly(2025, 12, 31));

    /// <summary>The contributions to the report's figures, without the chart's month counts.</summary>
    private static List<Contribution> ReportFigures(LedgerRecord record, int year) =>
        [.. FigureRules.ContributionsFor(record, year).Where(c => !c.Figure.StartsWith(FigureNames.MonthPrefix, StringComparison.Ordinal))];

    /// <summary>scope → figure → summed weight (own contributions) or distinct item count (shared ones).</summary>
    private static Dictionary<(string Scope, string Figure), decimal> Totals(IEnumerable<Contribution> contributions) =>
        contributions.GroupBy(c => (c.Scope, c.Figure))
            .ToDictionary(g => g.Key, g => g.Any(c => c.ItemKey is not null) ? g.Select(c => c.ItemKey).Distinct().Count() : g.Sum(c => c.Weight));

    [Fact]
    public void A_bureau_visit_counts_once_in_the_partnership_and_in_the_county_of_each_party()
    {
        var record = Record(Visit(VisitLevel.Bureau, Longxian.OrgId, Tongshan.OrgId), Longxian, Tongshan, RecordStatus.Confirmed);

        var contributions = ReportFigures(record, 2024);

        Assert.Equal(
            new[]
            {
                new Contribution(FigureNames.AllScope, FigureNames.BureauVisits, null, 1),
                new Contribution("610327", FigureNames.BureauVisits, null, 1),
                new Contribution("320312", FigureNames.BureauVisits, null, 1),
            },
            contributions);
    }

    [Fact]
    public void A_school_visit_counts_as_a_school_visit_in_the_counties_of_both_schools()
    {
        var record = Record(Visit(VisitLevel.School, LongxianVocational.OrgId, TongshanVocational.OrgId), LongxianVocational, TongshanVocational,
            RecordStatus.Confirmed);

        var totals = Totals(FigureRules.ContributionsFor(record, 2024));

        Assert.Equal(1, totals[(FigureNames.AllScope, FigureNames.SchoolVisits)]);
        Assert.Equal(1, totals[("610327", FigureNames.SchoolVisits)]);
        Assert.Equal(1, totals[("320312", FigureNames.SchoolVisits)]);
        Assert.DoesNotContain(totals.Keys, k => k.Figure == FigureNames.BureauVisits);
    }

    [Fact]
    public void A_visit_between_the_city_bureaus_counts_only_for_the_partnership()
    {
        var record = Record(Visit(VisitLevel.Bureau, Baoji.OrgId, Xuzhou.OrgId), Baoji, Xuzhou, RecordStatus.Confirmed);

        Assert.Equal(new[] { FigureNames.AllScope }, FigureRules.ScopesOf(record));
        Assert.Equal(new[] { new Contribution(FigureNames.AllScope, FigureNames.BureauVisits, null, 1) }, ReportFigures(record, 2024));
    }

    [Fact]
    public void A_visit_counts_in_the_year_it_starts_only()
    {
        var body = Visit(VisitLevel.Bureau, Longxian.OrgId, Tongshan.OrgId, "2023-12-27", "2024-01-02");
        var record = Record(body, Longxian, Tongshan, RecordStatus.Confirmed);

        Assert.Equal(new[] { 2023 }, FigureRules.YearsOf(body));
        Assert.NotEmpty(FigureRules.ContributionsFor(record, 2023));
        Assert.Empty(FigureRules.ContributionsFor(record, 2024));
    }

    [Fact]
    public void A_logged_record_is_also_an_unconfirmed_one_and_a_confirmed_one_is_not()
    {
        var body = Visit(VisitLevel.Bureau, Longxian.OrgId, Tongshan.OrgId);

        var logged = Totals(FigureRules.ContributionsFor(Record(body, Longxian, Tongshan, RecordStatus.Logged), 2024));
        var confirmed = Totals(FigureRules.ContributionsFor(Record(body, Longxian, Tongshan, RecordStatus.Confirmed), 2024));

        Assert.Equal(1, logged[(FigureNames.AllScope, FigureNames.Unconfirmed)]);
        Assert.Equal(1, logged[("610327", FigureNames.Unconfirmed)]);
        Assert.Equal(1, logged[(FigureNames.AllScope, FigureNames.BureauVisits)]);
        Assert.DoesNotContain(confirmed.Keys, k => k.Figure == FigureNames.Unconfirmed);
        Assert.Equal(1, confirmed[(FigureNames.AllScope, FigureNames.BureauVisits)]);
    }

    [Theory]
    [InlineData(RecordStatus.Logged, null, true)]
    [InlineData(RecordStatus.Confirmed, null, true)]
    [InlineData(RecordStatus.Disputed, null, false)]
    [InlineData(RecordStatus.Withdrawn, null, false)]
    [InlineData(RecordStatus.Logged, "vis-kept", false)]
    [InlineData(RecordStatus.Confirmed, "vis-kept", false)]
    public void Withdrawn_disputed_and_merged_away_records_count_nowhere(RecordStatus status, string? mergedInto, bool counts)
    {
        foreach (var (body, a, b) in new (RecordBody, PartyRef, PartyRef)[]
        {
            (Visit(VisitLevel.Bureau, Longxian.OrgId, Tongshan.OrgId), Longxian, Tongshan),
            (Staff("T-1", LongxianVocational.OrgId, TongshanVocational.OrgId, "2024-03-01", "2024-07-01"), LongxianVocational, TongshanVocational),
            (Training(), TongshanVocational, LongxianVocational),
        })
        {
            var record = Record(body, a, b, status, mergedInto);

            Assert.Equal(counts, record.Counts);
            Assert.Equal(counts, FigureRules.ContributionsFor(record, 2024).Count > 0);
        }

        var agreement = Record(Agreement(), Longxian, Tongshan, status, mergedInto);
        Assert.Equal(counts, FigureRules.AgreementEntryOf(agreement)!.Counts);
    }

    [Fact]
    public void A_placement_counts_its_person_by_home_organisation_and_reference()
    {
        var record = Record(Staff("T-1042", LongxianVocational.OrgId, TongshanVocational.OrgId, "2024-09-01", "2024-12-20"),
            LongxianVocational, TongshanVocational, RecordStatus.Confirmed);

        var contributions = ReportFigures(record, 2024);

        Assert.Equal(3, contributions.Count);
        Assert.All(contributions, c =>
        {
            Assert.Equal(FigureNames.StaffFrom("610300"), c.Figure);
            Assert.Equal("sx-610327-longxian-vec|T-1042", c.ItemKey);
            Assert.Equal(1, c.Weight);
        });
        Assert.Equal(new[] { FigureNames.AllScope, "610327", "320312" }, contributions.Select(c => c.Scope));
        Assert.True(FigureNames.IsShared(contributions[0].Figure));
    }

    [Fact]
    public void Two_placements_of_one_person_in_a_year_give_one_item_and_the_same_reference_at_another_home_is_another_person()
    {
        var first = Record(Staff("T-7", LongxianVocational.OrgId, TongshanVocational.OrgId, "2024-03-01", "2024-06-30"),
            LongxianVocational, TongshanVocational, RecordStatus.Confirmed, id: "stf-1");
        var second = Record(Staff("T-7", LongxianVocational.OrgId, Tongshan.OrgId, "2024-09-01", "2025-01-31"),
            LongxianVocational, Tongshan, RecordStatus.Confirmed, id: "stf-2");
        var namesake = Record(Staff("T-7", TongshanVocational.OrgId, LongxianVocational.OrgId, "2024-09-01", "2024-12-31"),
            TongshanVocational, LongxianVocational, RecordStatus.Confirmed, id: "stf-3");

        var totals = Totals(new[] { first, second, namesake }.SelectMany(r => FigureRules.ContributionsFor(r, 2024)));

        Assert.Equal(1, totals[(FigureNames.AllScope, FigureNames.StaffFrom("610300"))]);
        Assert.Equal(1, totals[(FigureNames.AllScope, FigureNames.StaffFrom("320300"))]);
        Assert.Equal(1, totals[("610327", FigureNames.StaffFrom("610300"))]);
        // Both placements of T-7 go to the same shard, so the shard sees both when it counts the person once.
        Assert.Equal(FigureShards.ShardOf(first), FigureShards.ShardOf(second));
    }

    [Theory]
    [InlineData("2024-03-05", 2024, "staff", 3)]
    [InlineData("2023-12-15", 2024, "staff", 1)]
    [InlineData("2023-12-15", 2023, "staff", 12)]
    public void A_placement_is_charted_in_its_first_month_or_in_January_of_a_later_year(string start, int year, string kind, int month)
    {
        var record = Record(Staff("T-9", LongxianVocational.OrgId, TongshanVocational.OrgId, start, "2024-06-30"),
            LongxianVocational, TongshanVocational, RecordStatus.Confirmed);

        var months = FigureRules.ContributionsFor(record, year).Where(c => c.Figure.StartsWith(FigureNames.MonthPrefix, StringComparison.Ordinal));

        Assert.Equal(new[] { new Contribution(FigureNames.AllScope, FigureNames.Month(kind, month), null, 1) }, months);
    }

    [Fact]
    public void Visits_and_trainings_are_charted_in_the_month_they_start_and_only_for_the_whole_partnership()
    {
        var visit = Record(Visit(VisitLevel.School, LongxianVocational.OrgId, TongshanVocational.OrgId, "2024-04-09", "2024-05-02"),
            LongxianVocational, TongshanVocational, RecordStatus.Confirmed);
        var training = Record(Training(), TongshanVocational, LongxianVocational, RecordStatus.Confirmed);
        var withdrawn = Record(Visit(VisitLevel.Bureau, Longxian.OrgId, Tongshan.OrgId), Longxian, Tongshan, RecordStatus.Withdrawn);

        var totals = Totals(new[] { visit, training, withdrawn }.SelectMany(r => FigureRules.ContributionsFor(r, 2024)));

        Assert.Equal(1, totals[(FigureNames.AllScope, FigureNames.Month(FigureNames.VisitsKind, 4))]);
        Assert.Equal(1, totals[(FigureNames.AllScope, FigureNames.Month(FigureNames.TrainingsKind, 5))]);
        Assert.Equal(2, totals.Count(t => t.Key.Figure.StartsWith(FigureNames.MonthPrefix, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("2024-01-01", "2024-12-31", new[] { 2024 })]
    [InlineData("2024-12-01", "2025-01-31", new[] { 2024, 2025 })]
    [InlineData("2023-12-15", "2024-01-10", new[] { 2023, 2024 })]
    [InlineData("2023-09-01", "2025-07-01", new[] { 2023, 2024, 2025 })]
    [InlineData("2024-12-31", "2024-12-31", new[] { 2024 })]
    public void A_placement_counts_in_every_year_its_period_overlaps(string start, string end, int[] years)
    {
        var body = Staff("T-9", LongxianVocational.OrgId, TongshanVocational.OrgId, start, end);
        var record = Record(body, LongxianVocational, TongshanVocational, RecordStatus.Confirmed);

        Assert.Equal(years, FigureRules.YearsOf(body));
        foreach (var year in Enumerable.Range(2020, 10))
        {
            Assert.Equal(years.Contains(year), FigureRules.ContributionsFor(record, year).Count > 0);
        }
    }

    [Fact]
    public void The_years_of_a_very_long_placement_are_bounded()
    {
        var body = Staff("T-9", LongxianVocational.OrgId, TongshanVocational.OrgId, "2000-01-01", "2100-12-31");

        Assert.Equal(30, FigureRules.YearsOf(body).Count());
    }

    [Fact]
    public void A_training_adds_its_sessions_trainees_equipment_and_sessions_per_subject()
    {
        var record = Record(Training(TrainingKind.Equipment, equipment: 360_000m, sessions: 4, trainees: 12), TongshanVocational, LongxianVocational,
            RecordStatus.Confirmed);

        var totals = Totals(FigureRules.ContributionsFor(record, 2024));

        foreach (var scope in new[] { FigureNames.AllScope, "610327", "320312" })
        {
            Assert.Equal(1, totals[(scope, FigureNames.Trainings)]);
            Assert.Equal(4, totals[(scope, FigureNames.TrainingSessions)]);
            Assert.Equal(12, totals[(scope, FigureNames.TrainingTrainees)]);
            Assert.Equal(360_000m, totals[(scope, FigureNames.EquipmentValueYuan)]);
            Assert.Equal(4, totals[(scope, FigureNames.SubjectPrefix + "机械加工")]);
            Assert.Equal(4, totals[(scope, FigureNames.SubjectPrefix + "电子技术")]);
            Assert.False(totals.ContainsKey((scope, FigureNames.OnlineResearchSessions)));
        }
    }

    [Fact]
    public void Only_online_research_adds_online_research_sessions_and_no_equipment_adds_no_equipment_figure()
    {
        var record = Record(Training(TrainingKind.OnlineResearch, sessions: 6), TongshanVocational, LongxianVocational, RecordStatus.Confirmed);

        var totals = Totals(FigureRules.ContributionsFor(record, 2024));

        Assert.Equal(6, totals[(FigureNames.AllScope, FigureNames.OnlineResearchSessions)]);
        Assert.Equal(6, totals[(FigureNames.AllScope, FigureNames.TrainingSessions)]);
        Assert.False(totals.ContainsKey((FigureNames.AllScope, FigureNames.EquipmentValueYuan)));
    }

    [Fact]
    public void Agreements_add_no_year_figures_but_an_entry_of_the_register()
    {
        var record = Record(Agreement(), Longxian, Tongshan, RecordStatus.Confirmed) with
        {
            Signatures = [new Signature("610327", new DateOnly(2024, 4, 16), "x"), new Signature("320312", new DateOnly(2024, 4, 18), "y")],
        };

        Assert.Empty(FigureRules.YearsOf(record.Body));
        Assert.Empty(FigureRules.ContributionsFor(record, 2024));
        var entry = FigureRules.AgreementEntryOf(record)!;
        Assert.Equal(new DateOnly(2024, 4, 18), entry.SignedOn);
        Assert.True(entry.Counts);
        Assert.True(entry.Confirmed);
        Assert.Null(FigureRules.AgreementEntryOf(Record(Visit(VisitLevel.Bureau, Longxian.OrgId, Tongshan.OrgId), Longxian, Tongshan)));
    }

    [Theory]
    [InlineData("2024-04-17", false)] // only one party had signed
    [InlineData("2024-04-18", true)]
    [InlineData("2024-12-31", true)]
    [InlineData("2025-06-29", true)]
    [InlineData("2025-06-30", false)] // terminated on that day
    [InlineData("2025-12-31", false)]
    public void An_agreement_is_in_force_from_both_signatures_until_its_termination(string day, bool inForce)
    {
        var record = Record(Agreement(), Longxian, Tongshan, RecordStatus.Confirmed) with
        {
            Signatures = [new Signature("610327", new DateOnly(2024, 4, 16), "x"), new Signature("320312", new DateOnly(2024, 4, 18), "y")],
            Termination = new Termination("610327", new DateOnly(2025, 6, 30), "ended", "x"),
        };

        Assert.Equal(inForce, FigureRules.AgreementEntryOf(record)!.InForceOn(DateOnly.Parse(day)));
    }

    [Theory]
    [InlineData("2024-04-15", false)] // before validFrom although signed
    [InlineData("2025-12-31", true)] // the last valid day
    [InlineData("2026-01-01", false)]
    public void An_agreement_is_in_force_within_its_term(string day, bool inForce)
    {
        var record = Record(Agreement(), Longxian, Tongshan, RecordStatus.Confirmed) with
        {
            Signatures = [new Signature("610327", new DateOnly(2024, 3, 1), "x"), new Signature("320312", new DateOnly(2024, 3, 2), "y")],
        };

        Assert.Equal(inForce, FigureRules.AgreementEntryOf(record)!.InForceOn(DateOnly.Parse(day)));
    }

    [Fact]
    public void The_partnership_is_named_Shaanxi_city_first_whichever_party_comes_first()
    {
        var fromXuzhou = Record(Visit(VisitLevel.Bureau, Tongshan.OrgId, Longxian.OrgId), Tongshan, Longxian);

        Assert.Equal("610300-320300", FigureRules.PartnershipOf(fromXuzhou));
    }
}
