using Baoji.Exchange.Grains.Figures;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>One county's bars: visits (both levels), staff exchanged (people) and trainings (records).</summary>
public sealed record CountyExchanges(string Id, string Name, int Visits, int Staff, int Trainings);

/// <summary>What the year's chart draws: per county by kind, and per month by kind, all from the maintained figures.</summary>
/// <param name="VisitsByMonth">Twelve counts, January first; likewise the others.</param>
public sealed record YearChartData(
    int Year, string Perspective, string Partner, IReadOnlyList<CountyExchanges> Counties,
    IReadOnlyList<int> VisitsByMonth, IReadOnlyList<int> StaffByMonth, IReadOnlyList<int> TrainingsByMonth)
{
    /// <summary>The Chinese names of the two cities, for a chart drawn with a CJK font.</summary>
    public string PerspectiveName { get; init; } = Perspective;

    public string PartnerName { get; init; } = Partner;

    /// <summary>
    /// The county panel is the report's; the month panel counts the year's counted records between the two cities
    /// by the month they start (a placement begun the year before in January), as kept by <see cref="FigureRules"/>.
    /// Staff are placements there, not distinct people.
    /// </summary>
    public static YearChartData From(ReportContext context, YearReport report)
    {
        int[] ByMonth(string kind) =>
            [.. Enumerable.Range(1, 12).Select(m => (int)context.Total(FigureNames.AllScope, FigureNames.Month(kind, m)))];

        var counties = ReportDocument.ActiveOf(report)
            .Select(c => new CountyExchanges(c.Id, c.Name, c.BureauVisits + c.SchoolVisits, c.StaffExchanged.Total, c.Training.Records))
            .ToList();
        return new YearChartData(report.Year, report.Perspective, report.Partner, counties,
            ByMonth(FigureNames.VisitsKind), ByMonth(FigureNames.StaffKind), ByMonth(FigureNames.TrainingsKind))
        {
            PerspectiveName = report.PerspectiveName,
            PartnerName = report.PartnerName,
        };
    }
}
