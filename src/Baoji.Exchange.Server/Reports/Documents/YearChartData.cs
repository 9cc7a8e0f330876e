using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>One county's bars: visits (both levels), staff exchanged (people) and trainings (records).</summary>
public sealed record CountyExchanges(string Id, int Visits, int Staff, int Trainings);

/// <summary>What the year's chart draws: per county by kind (from the report) and per month by kind (from the records).</summary>
/// <param name="VisitsByMonth">Twelve counts, January first; likewise the others.</param>
public sealed record YearChartData(
    int Year, string Perspective, string Partner, IReadOnlyList<CountyExchanges> Counties,
    IReadOnlyList<int> VisitsByMonth, IReadOnlyList<int> StaffByMonth, IReadOnlyList<int> TrainingsByMonth)
{
    public static readonly RecordKind[] Kinds = [RecordKind.Visit, RecordKind.StaffExchange, RecordKind.Training];

    /// <summary>
    /// The county panel comes from the report (the maintained figures). The maintained figures have no months, so
    /// unlike the report the month panel reads the year's records of the perspective city from the ledger index: one
    /// scan per kind, for this chart only. It counts the records that count (not withdrawn, disputed or merged away)
    /// between the two cities, by the month they start; a placement begun the year before counts in January.
    /// </summary>
    public static async Task<YearChartData> ReadAsync(YearReport report, YearRecords records, CancellationToken cancellationToken)
    {
        var read = await records.ReadAsync(report.Perspective, report.Year, Kinds, cancellationToken);
        var months = Kinds.ToDictionary(k => k, _ => new int[12]);
        foreach (var record in read.Where(r => r.Counts && r.Parties.Any(p => p.CityId == report.Partner)))
        {
            var start = record.Body.Start;
            if (start.Year <= report.Year)
            {
                months[record.Kind][start.Year == report.Year ? start.Month - 1 : 0]++;
            }
        }

        var counties = ReportDocument.ActiveOf(report)
            .Select(c => new CountyExchanges(c.Id, c.BureauVisits + c.SchoolVisits, c.StaffExchanged.Total, c.Training.Records))
            .ToList();
        return new YearChartData(report.Year, report.Perspective, report.Partner, counties,
            months[RecordKind.Visit], months[RecordKind.StaffExchange], months[RecordKind.Training]);
    }
}
