using System.Text;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using MiniExcelLibs;

namespace Baoji.Exchange.Server.Imports;

/// <summary>
/// The template of each record kind: XLSX with the sheet 导入 (Chinese headers, 编号 first) and the sheet 填写说明
/// (what each column takes, enumeration values in Chinese), or CSV (UTF-8 with BOM, so Excel shows the Chinese).
/// </summary>
public static class ImportTemplates
{
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvMediaType = "text/csv; charset=utf-8";
    public const string DataSheet = "导入";
    public const string HelpSheet = "填写说明";

    public static IReadOnlyList<string> Headers(RecordKind kind) => [ImportKinds.RowKeyHeader, .. ImportKinds.Columns(kind).Select(c => c.Header)];

    public static string FileName(RecordKind kind, string format) => $"import-{RecordCollections.NameOf(kind)}.{format}";

    public static byte[] Csv(RecordKind kind) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(CsvText.Line(Headers(kind)) + "\r\n")];

    public static byte[] Xlsx(RecordKind kind)
    {
        // Each sheet's first row is its header, written as a row: a sheet with a header and no data then still has it.
        List<Dictionary<string, object?>> data = [Row(Headers(kind))];
        List<Dictionary<string, object?>> help =
        [
            Row(["列", "必填", "说明"]),
            Row([ImportKinds.RowKeyHeader, "否", "本单位给这一行的编号（字母、数字、“.”、“_”、“-”）。同一编号只导入一次；不填时按整行内容判断是否已导入。"]),
            .. ImportKinds.Columns(kind).Select(c => Row([c.Header, c.Required ? "是" : "否",
                c.Choices is { } choices ? $"填写以下之一：{string.Join("、", choices)}" : c.Hint])),
        ];
        var sheets = new Dictionary<string, object> { [DataSheet] = data, [HelpSheet] = help };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, printHeader: false, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Row(IReadOnlyList<string> cells) =>
        cells.Select((c, i) => (Key: $"c{i}", Value: (object?)c)).ToDictionary(p => p.Key, p => p.Value);
}
