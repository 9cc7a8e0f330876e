using System.Text;
using Baoji.Exchange.Server.Reports;
using Baoji.Exchange.Server.Reports.Documents;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Baoji.Exchange.Server.Tests.Reports;

/// <summary>
/// Each writer escapes what it writes. The API now refuses such text on input (see Ledger/InputHardeningTests), so
/// these run the writers directly on a report holding text stored before the rule: a subject "\u0001", a name with a
/// line break and an &lt;img&gt;, a formula.
/// </summary>
public sealed class WriterEscapingTests
{
    private const string Injection = "陇县\n# 标题 <img src=x onerror=alert(1)> | [链接](http://x) *粗*";
    private const string Formula = "=HYPERLINK(\"http://x\",\"点击\")";

    private static ReportDocument Document(string countyName, string subject)
    {
        var training = new TrainingFigures(1, 5, 30, 0, 0, new Dictionary<string, decimal> { [subject] = 5 });
        var county = new CountyReport { Id = "610327", Name = countyName, PartnerIds = ["320312"], BureauVisits = 1, Training = training };
        var report = new YearReport
        {
            Year = 2024,
            Perspective = "610300",
            PerspectiveName = "宝鸡市教育局",
            Partner = "320300",
            PartnerName = "徐州市教育局",
            AsOf = new DateOnly(2024, 12, 31),
            Counties = [county],
            BureauVisits = 1,
            Training = training,
        };
        return new ReportDocument(report, new Dictionary<string, string> { ["610300"] = "宝鸡市教育局", ["320300"] = "徐州市教育局", ["610327"] = countyName });
    }

    [Fact]
    public void Markdown_keeps_a_name_with_a_line_break_and_an_img_tag_on_its_line_as_text()
    {
        var markdown = MarkdownReportWriter.Render(Document(Injection, "机械<b>加工</b>\n## 注入"));

        Assert.DoesNotContain("<img", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", markdown, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", markdown, StringComparison.Ordinal);
        // No line of the document starts with what the name or the subject carried after their line break.
        Assert.DoesNotContain(markdown.Split('\n'), l => l.StartsWith("# 标题", StringComparison.Ordinal) || l.StartsWith("## 注入", StringComparison.Ordinal));
        Assert.Contains("### 陇县 \\# 标题 &lt;img", markdown, StringComparison.Ordinal);
        Assert.Contains("\\[链接\\](http://x) \\*粗\\*", markdown, StringComparison.Ordinal);
        // The subject's table rows (the city's and the county's) stay rows of two cells.
        var rows = markdown.Split('\n').Where(l => l.StartsWith($"| {ReportColumns.SubjectPrefix}机械", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal(3, row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|')));
    }

    [Fact]
    public void Csv_cells_that_start_a_formula_get_an_apostrophe_and_quotes_are_doubled()
    {
        var csv = Encoding.UTF8.GetString(new CsvReportWriter().Write(Document(Formula, "+cmd|' /C calc'!A0")));

        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\"", csv, StringComparison.Ordinal);
        Assert.Contains($"{ReportColumns.SubjectPrefix}+cmd", csv, StringComparison.Ordinal); // a header that does not start with +
        Assert.DoesNotContain(",=", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", csv, StringComparison.Ordinal);
        foreach (var start in new[] { "-2+3", "@SUM(A1)", "\tx", "\r=1" })
        {
            var cell = Encoding.UTF8.GetString(new CsvReportWriter().Write(Document(start, "机械"))).Split("\r\n")[2].Split(',')[4];
            Assert.StartsWith("\"'", cell.Length > 0 && cell[0] == '"' ? cell : "\"" + cell, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Csv_leaves_numbers_as_numbers() =>
        Assert.Equal("-1", DocumentText.CsvCell("-1"));

    [Fact]
    public void Xlsx_is_written_and_readable_when_a_stored_subject_and_name_hold_characters_XML_cannot()
    {
        var bytes = new XlsxReportWriter().Write(Document("陇县\u0001\u000B", "\u0001"));

        using var package = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var strings = package.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList();
        Assert.Contains($"{ReportColumns.SubjectPrefix}\uFFFD", strings);
        Assert.Contains("陇县\uFFFD\uFFFD", strings);
        Assert.DoesNotContain(strings, s => s.Any(c => c < ' ' && c is not '\t' and not '\n' and not '\r'));
    }

    [Fact]
    public void Xml_text_keeps_surrogate_pairs_and_replaces_lone_ones() =>
        Assert.Equal("👍\uFFFDa\uFFFD", DocumentText.Xml("👍\uD800a\uFFFF"));
}
