using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Server.Registry;

namespace Baoji.Exchange.Server.Reports;

/// <summary>Builds a year's report and its drill-downs from the maintained figures.</summary>
public sealed class ReportService(IGrainFactory grains, RegistryReader registry, TimeProvider time)
{
    /// <summary>The context of a report, or an error naming the field at fault.</summary>
    public async Task<(ReportContext? Context, string? Field, string? Error)> ContextAsync(int year, string? perspectiveId)
    {
        if (year is < 2000 or > 2100)
        {
            return (null, "year", "year lies between 2000 and 2100.");
        }

        // Checked before it becomes a grain key.
        var perspective = Api.OrganizationIds.IsWellFormed(perspectiveId) ? await registry.GetAsync(perspectiveId!) : null;
        if (perspective is not { Kind: OrganizationKind.City })
        {
            return (null, "perspective", "perspective is the id of a registered city, e.g. 610300.");
        }

        var cities = await registry.ListAsync(OrganizationKind.City, null);
        var partner = cities.FirstOrDefault(c => c.Province != perspective.Province);
        if (partner is null)
        {
            return (null, "perspective", "No partner city is registered on the other side.");
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var yearEnd = new DateOnly(year, 12, 31);
        var asOf = yearEnd < today ? yearEnd : today;
        var partnership = RegistryReader.PartnershipKey(perspective, partner);
        // The current generation only: one a rebuild is still filling is never read.
        var generations = await grains.GetGrain<IFiguresGenerationGrain>(FigureShards.YearKey(partnership, year)).Get();
        var figureKeys = FigureShards.KeysOf(partnership, year, generations.Current, generations);
        var totals = Task.WhenAll(figureKeys.Select(k => grains.GetGrain<IYearFiguresGrain>(k).GetTotals()));
        var agreements = grains.GetGrain<IAgreementRegisterGrain>(partnership).InForceOn(asOf);
        var pairings = grains.GetGrain<IPartnershipGrain>(partnership).ListPairings();
        var counties = await registry.ListAsync(OrganizationKind.County, perspective.Id);
        var schools = await Task.WhenAll(counties.Select(c => registry.ListAsync(OrganizationKind.School, c.Id)));
        return (new ReportContext
        {
            Year = year,
            Perspective = perspective,
            Partner = partner,
            AsOf = asOf,
            FigureKeys = figureKeys,
            Totals = Sum(await totals),
            AgreementsInForce = await agreements,
            Pairings = await pairings,
            Counties = counties,
            SchoolCounty = schools.SelectMany(s => s).ToDictionary(s => s.Id, s => s.ParentId!, StringComparer.Ordinal),
        }, null, null);
    }

    public static YearReport Build(ReportContext context) => Fill(new YearReport
    {
        Year = context.Year,
        Perspective = context.Perspective.Id,
        PerspectiveName = context.Perspective.Name,
        Partner = context.Partner.Id,
        PartnerName = context.Partner.Name,
        AsOf = context.AsOf,
        Counties = [.. context.Counties.Select(c => Fill(new CountyReport { Id = c.Id, Name = c.Name, PartnerIds = context.PartnerCounties(c.Id) }, context, c.Id))],
    }, context, FigureNames.AllScope);

    /// <summary>Where the items of a figure come from, for the city (no county) or one of its counties; null for no such figure.</summary>
    public static IReadOnlyList<FigureItemSource>? SourcesOf(ReportContext context, string figure, string? countyId)
    {
        var scope = countyId ?? FigureNames.AllScope;
        static FigureItemSource[] Maintained(params string[] names) => [.. names.Select(n => new MaintainedItems(n))];
        return figure switch
        {
            ReportFigureNames.BureauVisits => Maintained(FigureNames.BureauVisits),
            ReportFigureNames.SchoolVisits => Maintained(FigureNames.SchoolVisits),
            ReportFigureNames.StaffSent => Maintained(FigureNames.StaffFrom(context.Perspective.Id)),
            ReportFigureNames.StaffReceived => Maintained(FigureNames.StaffFrom(context.Partner.Id)),
            ReportFigureNames.StaffTotal => Maintained(FigureNames.StaffFrom(context.Perspective.Id), FigureNames.StaffFrom(context.Partner.Id)),
            ReportFigureNames.CountyPairs => [new ComputedItems(context.CountyPairs(scope))],
            ReportFigureNames.NewPairedSchools => [new ComputedItems(context.NewPairedSchools(scope))],
            ReportFigureNames.CoConstructionSchools => [new ComputedItems(context.CoConstructionSchools(scope))],
            ReportFigureNames.TrainingRecords => Maintained(FigureNames.Trainings),
            ReportFigureNames.TrainingSessions => Maintained(FigureNames.TrainingSessions),
            ReportFigureNames.TrainingTrainees => Maintained(FigureNames.TrainingTrainees),
            ReportFigureNames.EquipmentValueYuan => Maintained(FigureNames.EquipmentValueYuan),
            ReportFigureNames.OnlineResearchSessions => Maintained(FigureNames.OnlineResearchSessions),
            ReportFigureNames.Unconfirmed => [new MaintainedItems(FigureNames.Unconfirmed), new ComputedItems(context.UnconfirmedAgreements(scope))],
            // A subject the year has no figure of is unknown: refused here rather than found empty by a scan of every row.
            _ when figure.StartsWith(ReportFigureNames.SubjectPrefix, StringComparison.Ordinal)
                && context.Subjects(scope).ContainsKey(figure[ReportFigureNames.SubjectPrefix.Length..]) =>
                Maintained(FigureNames.SubjectPrefix + figure[ReportFigureNames.SubjectPrefix.Length..]),
            _ => null,
        };
    }

    /// <summary>The figure its items add up to: the maintained total, or the weights of a computed list.</summary>
    public static decimal ValueOf(ReportContext context, IEnumerable<FigureItemSource> sources, string? countyId) =>
        sources.Sum(s => s switch
        {
            MaintainedItems m => context.Total(countyId ?? FigureNames.AllScope, m.Figure),
            ComputedItems c => c.Items.Sum(i => i.Weight),
            _ => 0,
        });

    /// <summary>Adds the shards' totals up, scope by scope and figure by figure.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, decimal>> Sum(IEnumerable<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> shards) =>
        shards.SelectMany(s => s)
            .GroupBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, decimal>)g.SelectMany(s => s.Value)
                    .GroupBy(f => f.Key, StringComparer.Ordinal)
                    .ToDictionary(f => f.Key, f => f.Sum(x => x.Value), StringComparer.Ordinal),
                StringComparer.Ordinal);

    private static T Fill<T>(T report, ReportContext c, string scope) where T : ReportFigures
    {
        var sent = (int)c.Total(scope, FigureNames.StaffFrom(c.Perspective.Id));
        var received = (int)c.Total(scope, FigureNames.StaffFrom(c.Partner.Id));
        return report with
        {
            BureauVisits = (int)c.Total(scope, FigureNames.BureauVisits),
            SchoolVisits = (int)c.Total(scope, FigureNames.SchoolVisits),
            StaffExchanged = new StaffFigures(sent + received, sent, received),
            CountyPairsWithCooperationAgreement = c.CountyPairs(scope).Count,
            NewPairedSchools = c.NewPairedSchools(scope).Count,
            SchoolsWithCoConstructionAgreement = c.CoConstructionSchools(scope).Count,
            Training = new TrainingFigures(
                (int)c.Total(scope, FigureNames.Trainings),
                c.Total(scope, FigureNames.TrainingSessions),
                c.Total(scope, FigureNames.TrainingTrainees),
                c.Total(scope, FigureNames.EquipmentValueYuan),
                c.Total(scope, FigureNames.OnlineResearchSessions),
                c.Subjects(scope)),
            UnconfirmedRecords = (int)c.Total(scope, FigureNames.Unconfirmed) + c.UnconfirmedAgreements(scope).Count,
        };
    }
}
