namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>A year's report with the registry names its documents print (the partner counties' among them).</summary>
public sealed record ReportDocument(YearReport Report, IReadOnlyDictionary<string, string> Names)
{
    private static readonly string[] BureauSuffixes = ["教育和体育局", "教育体育局", "教体局", "教育局"];

    /// <summary>"陇县教育和体育局" → "陇县": the place a bureau stands for, as the narrative names it.</summary>
    public static string ShortName(string name)
    {
        foreach (var suffix in BureauSuffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    /// <summary>The short name of a registered organisation, or its id when the registry does not know it.</summary>
    public string PlaceOf(string id) => Names.TryGetValue(id, out var name) ? ShortName(name) : id;

    public string PerspectivePlace => ShortName(Report.PerspectiveName);

    public string PartnerPlace => ShortName(Report.PartnerName);

    /// <summary>The counties with at least one non-zero figure, in registry order.</summary>
    public IReadOnlyList<CountyReport> ActiveCounties => ActiveOf(Report);

    public IReadOnlyList<CountyReport> QuietCounties => [.. Report.Counties.Where(c => !HasActivity(c))];

    /// <summary>Every training subject of the city and its counties, in the order the report lists them.</summary>
    public IReadOnlyList<string> Subjects => [.. Report.Training.BySubject.Keys
        .Concat(Report.Counties.SelectMany(c => c.Training.BySubject.Keys))
        .Distinct(StringComparer.Ordinal)];

    public static IReadOnlyList<CountyReport> ActiveOf(YearReport report) => [.. report.Counties.Where(HasActivity)];

    public static bool HasActivity(ReportFigures figures) =>
        ReportColumns.Fixed.Any(c => c.Value(figures) != 0) || figures.Training.BySubject.Values.Any(v => v != 0);
}
