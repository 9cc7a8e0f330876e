using System.Data;
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
        using var data = new DataTable(DataSheet);
        foreach (var header in Headers(kind))
        {
            data.Columns.Add(header, typeof(string));
        }

        List<Dictionary<string, object?>> help =
        [
            Help(ImportKinds.RowKeyHeader, "否", "本单位给这一行的编号（字母、数字、“.”、“_”、“-”）。同一编号只导入一次；不填时按整行内容判断是否已导入。"),
            .. ImportKinds.Columns(kind).Select(c => Help(c.Header, c.Required ? "是" : "否",
                c.Choices is { } choices ? $"填写以下之一：{string.Join("、", choices)}" : c.Hint)),
        ];
        var sheets = new Dictionary<string, object> { [DataSheet] = data, [HelpSheet] = help };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Help(string column, string required, string text) =>
        new() { ["列"] = column, ["必填"] = required, ["说明"] = text };
}
