using System.Globalization;
using System.Text;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>
/// The report as CSV (RFC 4180, CRLF): one row for the city and one per county, Chinese headers. UTF-8 with a byte
/// order mark, without which Excel reads the Chinese as the local ANSI code page.
/// </summary>
public sealed class CsvReportWriter : IReportWriter
{
    public const string ScopeCity = "全市";
    public const string ScopeCounty = "县区";

    public static IReadOnlyList<string> LeadingHeaders { get; } = ["年度", "统计截至", "范围", "代码", "名称", "结对县区"];

    public string MediaType => "text/csv";

    public string ContentType => "text/csv; charset=utf-8";

    public string? FileName(YearReport report) => $"report-{report.Year}-{report.Perspective}.csv";

    public byte[] Write(ReportDocument document)
    {
        var r = document.Report;
        var columns = ReportColumns.For(document);
        var csv = new StringBuilder();
        Line(csv, [.. LeadingHeaders, .. columns.Select(c => c.Label)]);
        Line(csv, Row(r, ScopeCity, r.Perspective, r.PerspectiveName, r.Partner, columns.Select(c => c.Value(r))));
        foreach (var county in r.Counties)
        {
            Line(csv, Row(r, ScopeCounty, county.Id, county.Name, string.Join("、", county.PartnerIds), columns.Select(c => c.Value(county))));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string[] Row(YearReport r, string scope, string id, string name, string partners, IEnumerable<decimal> values) =>
        [r.Year.ToString(CultureInfo.InvariantCulture), r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), scope, id, name, partners,
            .. values.Select(ReportColumns.Format)];

    private static void Line(StringBuilder csv, IEnumerable<string> fields) =>
        csv.Append(string.Join(",", fields.Select(Quote))).Append("\r\n");

    /// <summary>Guarded against formulas (<see cref="DocumentText.CsvCell"/>), then quoted when it holds , " or a line break.</summary>
    private static string Quote(string text)
    {
        var field = DocumentText.CsvCell(text);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
