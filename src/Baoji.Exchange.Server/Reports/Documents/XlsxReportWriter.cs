using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>
/// The report as an XLSX workbook written with the Open XML SDK: sheet 汇总 holds the city's figures (label, value),
/// sheet 分县 one row per county. Plain SpreadsheetML (shared strings, numbers as numbers, a minimal style sheet),
/// which Excel and WPS both open.
/// </summary>
public sealed class XlsxReportWriter : IReportWriter
{
    public const string SummarySheet = "汇总";
    public const string CountySheet = "分县";

    public static IReadOnlyList<string> CountyHeaders { get; } = ["代码", "名称", "结对县区"];

    public string MediaType => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public string ContentType => MediaType;

    public string? FileName(YearReport report) => $"report-{report.Year}-{report.Perspective}.xlsx";

    public byte[] Write(ReportDocument document)
    {
        var r = document.Report;
        var columns = ReportColumns.For(document);
        List<object[]> summary =
        [
            ["指标", "数值"],
            ["年度", (decimal)r.Year],
            ["统计截至", r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
            ["本方", $"{r.PerspectiveName}（{r.Perspective}）"],
            ["协作方", $"{r.PartnerName}（{r.Partner}）"],
            .. columns.Select(c => new object[] { c.Label, c.Value(r) }),
        ];
        List<object[]> counties =
        [
            [.. CountyHeaders, .. columns.Select(c => c.Label)],
            .. r.Counties.Select(c => new object[] { c.Id, c.Name, string.Join("、", c.PartnerIds) }.Concat(columns.Select(col => (object)col.Value(c))).ToArray()),
        ];

        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = package.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var strings = new SharedStrings(workbook.AddNewPart<SharedStringTablePart>());
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            AddSheet(workbook, sheets, 1, SummarySheet, summary, strings, selected: true);
            AddSheet(workbook, sheets, 2, CountySheet, counties, strings, selected: false);
            strings.Save();
            package.PackageProperties.Title = DocumentText.Xml($"{ReportDocument.ShortName(r.PerspectiveName)} {r.Year} 年度协作统计");
            package.PackageProperties.Creator = "Baoji.Exchange";
        }

        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, uint id, string name, List<object[]> rows, SharedStrings strings, bool selected)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        for (var i = 0; i < rows.Count; i++)
        {
            var rowIndex = (uint)(i + 1);
            var row = new Row { RowIndex = rowIndex };
            for (var j = 0; j < rows[i].Length; j++)
            {
                row.Append(Cell($"{ColumnName(j)}{rowIndex}", rows[i][j], strings, header: i == 0));
            }

            data.Append(row);
        }

        // Element order matters in SpreadsheetML: sheetViews, cols, sheetData.
        var view = new SheetView { WorkbookViewId = 0, TabSelected = selected };
        view.Append(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        var widths = new Columns();
        for (var j = 0; j < rows.Max(r => r.Length); j++)
        {
            var width = rows.Max(r => j < r.Length ? DisplayWidth(r[j]) : 0);
            widths.Append(new Column { Min = (uint)(j + 1), Max = (uint)(j + 1), Width = Math.Clamp(width + 2, 8, 48), CustomWidth = true });
        }

        part.Worksheet = new Worksheet(new SheetViews(view), widths, data);
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }

    private static Cell Cell(string reference, object value, SharedStrings strings, bool header) => value switch
    {
        decimal number => new Cell
        {
            CellReference = reference,
            DataType = CellValues.Number,
            CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)),
        },
        _ => new Cell
        {
            CellReference = reference,
            DataType = CellValues.SharedString,
            CellValue = new CellValue(strings.IndexOf(value.ToString() ?? "")),
            StyleIndex = header ? 1U : 0U,
        },
    };

    /// <summary>A1-style column letters: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>Roughly how many character widths a value takes: a Chinese character counts two.</summary>
    private static double DisplayWidth(object value)
    {
        var text = value is decimal d ? d.ToString(CultureInfo.InvariantCulture) : value.ToString() ?? "";
        return text.Sum(c => c > 0x2E80 ? 2.0 : 1.1);
    }

    /// <summary>Style 0 is the default, 1 bold (headers). Fills 0 and 1 are the two SpreadsheetML requires.</summary>
    private static Stylesheet Styles() => new(
        new Fonts(new Font(new FontSize { Val = 11 }), new Font(new Bold(), new FontSize { Val = 11 })) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true }) { Count = 2 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    /// <summary>The workbook's shared string table, each distinct text stored once.</summary>
    private sealed class SharedStrings(SharedStringTablePart part)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly SharedStringTable _table = new();

        public string IndexOf(string raw)
        {
            // Every text cell passes here: what XML 1.0 cannot hold is replaced, so a stored "\u0001" cannot fail the workbook.
            var text = DocumentText.Xml(raw);
            if (!_index.TryGetValue(text, out var i))
            {
                i = _index.Count;
                _index[text] = i;
                _table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }

            return i.ToString(CultureInfo.InvariantCulture);
        }

        public void Save()
        {
            _table.Count = (uint)_index.Count;
            _table.UniqueCount = (uint)_index.Count;
            part.SharedStringTable = _table;
        }
    }
}
