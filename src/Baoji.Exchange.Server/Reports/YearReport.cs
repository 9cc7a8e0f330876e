namespace Baoji.Exchange.Server.Reports;

/// <summary>The figures of a year, for a city or for one of its counties (see API.md, "Year-end figures").</summary>
public record ReportFigures
{
    public int BureauVisits { get; init; }
    public int SchoolVisits { get; init; }
    public StaffFigures StaffExchanged { get; init; } = new(0, 0, 0);
    public int CountyPairsWithCooperationAgreement { get; init; }
    public int NewPairedSchools { get; init; }
    public int SchoolsWithCoConstructionAgreement { get; init; }
    public TrainingFigures Training { get; init; } = new(0, 0, 0, 0, 0, new Dictionary<string, decimal>());
    public int UnconfirmedRecords { get; init; }
}

public sealed record StaffFigures(int Total, int Sent, int Received);

/// <param name="Records">How many training records started in the year.</param>
/// <param name="BySubject">Sessions per subject.</param>
public sealed record TrainingFigures(
    int Records, decimal Sessions, decimal Trainees, decimal EquipmentValueYuan, decimal OnlineResearchSessions,
    IReadOnlyDictionary<string, decimal> BySubject);

public sealed record CountyReport : ReportFigures
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> PartnerIds { get; init; }
}

/// <summary>The report of a year from one city's side; from the partner's side "sent" and "received" swap.</summary>
public sealed record YearReport : ReportFigures
{
    public required int Year { get; init; }
    public required string Perspective { get; init; }
    public required string PerspectiveName { get; init; }
    public required string Partner { get; init; }
    public required string PartnerName { get; init; }

    /// <summary>The day "in force" is judged on: 31 December, or today while the year is not over.</summary>
    public required DateOnly AsOf { get; init; }

    public required IReadOnlyList<CountyReport> Counties { get; init; }
}

/// <summary>One thing a figure counts (a record, a person, a school, a county pair) and the records behind it.</summary>
public sealed record FigureItemView(string Key, IReadOnlyList<string> RecordIds, decimal Weight);

/// <param name="Value">The figure; the items of all pages add up to it.</param>
/// <param name="ContinuationToken">Asks for the next page; null on the last one.</param>
public sealed record FigureDrillDown(
    int Year, string Perspective, string? CountyId, string Figure, decimal Value, IReadOnlyList<FigureItemView> Items, string? ContinuationToken);
