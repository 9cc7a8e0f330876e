using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Grains.Figures;

namespace Baoji.Exchange.Server.Reports;

/// <summary>
/// Everything one report reads: the maintained totals of the year, the agreements in force on its day, the
/// pairings of the partnership and the perspective city's counties. A handful of grain calls, never a scan of records.
/// </summary>
public sealed class ReportContext
{
    public required int Year { get; init; }
    public required Organization Perspective { get; init; }
    public required Organization Partner { get; init; }
    public required DateOnly AsOf { get; init; }

    /// <summary>
    /// The grains of the year's current generation of figures, which <see cref="Totals"/> come from and drill-downs and
    /// the audit read: one, or the 16 shards of an earlier release's layout.
    /// </summary>
    public required IReadOnlyList<string> FigureKeys { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> Totals { get; init; }
    public required IReadOnlyList<AgreementEntry> AgreementsInForce { get; init; }
    public required IReadOnlyList<Pairing> Pairings { get; init; }
    public required IReadOnlyList<Organization> Counties { get; init; }

    /// <summary>School id → county id, for the schools of the perspective city.</summary>
    public required IReadOnlyDictionary<string, string> SchoolCounty { get; init; }

    public string Partnership => Perspective.Province == Province.Shaanxi ? $"{Perspective.Id}-{Partner.Id}" : $"{Partner.Id}-{Perspective.Id}";

    public decimal Total(string scope, string figure) =>
        Totals.TryGetValue(scope, out var figures) && figures.TryGetValue(figure, out var value) ? value : 0;

    public IReadOnlyDictionary<string, decimal> Subjects(string scope) =>
        Totals.TryGetValue(scope, out var figures)
            ? figures.Where(f => f.Key.StartsWith(FigureNames.SubjectPrefix, StringComparison.Ordinal) && f.Value != 0)
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .ToDictionary(f => f.Key[FigureNames.SubjectPrefix.Length..], f => f.Value)
            : new Dictionary<string, decimal>();

    /// <summary>Distinct county↔county pairs with a cooperation agreement in force.</summary>
    public IReadOnlyList<FigureItemView> CountyPairs(string scope) => [.. AgreementsInForce
        .Where(a => a.Kind == Contracts.Ledger.AgreementKind.Cooperation && a.Parties.All(p => p.Kind == OrganizationKind.County))
        .Where(a => InScope(a, scope))
        .GroupBy(a => string.Join("|", a.Parties.OrderBy(p => p.Province).Select(p => p.OrgId)), StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new FigureItemView(g.Key, [.. g.Select(a => a.RecordId)], 1))];

    /// <summary>Distinct schools of the perspective city party to a co-construction agreement in force.</summary>
    public IReadOnlyList<FigureItemView> CoConstructionSchools(string scope) => [.. AgreementsInForce
        .Where(a => a.Kind == Contracts.Ledger.AgreementKind.CoConstruction)
        .SelectMany(a => a.Parties.Where(p => p.Kind == OrganizationKind.School && p.CityId == Perspective.Id).Select(p => (School: p, a.RecordId)))
        .Where(x => scope == FigureNames.AllScope || x.School.CountyId == scope)
        .GroupBy(x => x.School.OrgId, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new FigureItemView(g.Key, [.. g.Select(x => x.RecordId)], 1))];

    /// <summary>Schools of the perspective city whose earliest pairing with a partner school starts in the year.</summary>
    public IReadOnlyList<FigureItemView> NewPairedSchools(string scope) => [.. Pairings
        .Where(p => p.Level == PairingLevel.School)
        .SelectMany(p => p.PartyIds.Where(SchoolCounty.ContainsKey).Select(school => (School: school, Pairing: p)))
        .GroupBy(x => x.School, StringComparer.Ordinal)
        .Where(g => g.Min(x => x.Pairing.Since).Year == Year)
        .Where(g => scope == FigureNames.AllScope || SchoolCounty[g.Key] == scope)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new FigureItemView(g.Key, [.. g.Select(x => x.Pairing.Id)], 1))];

    /// <summary>Agreements counted in the year (in force on its day) that the counterpart has not confirmed.</summary>
    public IReadOnlyList<FigureItemView> UnconfirmedAgreements(string scope) => [.. AgreementsInForce
        .Where(a => !a.Confirmed && InScope(a, scope))
        .Select(a => new FigureItemView(a.RecordId, [a.RecordId], 1))];

    public IReadOnlyList<string> PartnerCounties(string countyId) => [.. Pairings
        .Where(p => p.Level == PairingLevel.County && p.PartyIds.Contains(countyId))
        .SelectMany(p => p.PartyIds.Where(id => id != countyId))];

    private static bool InScope(AgreementEntry agreement, string scope) =>
        scope == FigureNames.AllScope || agreement.Parties.Any(p => p.CountyId == scope);
}
