using System.Globalization;
using MiniExcelLibs;

namespace Baoji.Exchange.Server.Tests.Browser;

/// <summary>
/// A clerk's visit sheet as the server's import tests build it (tests/Baoji.Exchange.Server.Tests/Imports/ImportFiles.cs):
/// school visits from 陇县职教中心 to the 铜山 vocational school, one a day from 2024-03-01, row keys V-{tag}-{i}.
/// </summary>
internal static class ImportSheets
{
    public const string LongxianVocational = "sx-610327-longxian-vec";
    public const string TongshanVocational = "js-320312-tongshan-svs";
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static List<Dictionary<string, object?>> SchoolVisits(int count, string tag) =>
    [
        .. Enumerable.Range(1, count).Select(i => new Dictionary<string, object?>
        {
            ["编号"] = $"V-{tag}-{i}",
            ["出访单位"] = LongxianVocational,
            ["接待单位"] = TongshanVocational,
            ["互访级别"] = "结对学校领导",
            // Excel keeps dates as dates; clerks also type them as text.
            ["开始日期"] = new DateTime(2024, 3, 1).AddDays(i),
            ["结束日期"] = new DateTime(2024, 3, 1).AddDays(i + 1).ToString("yyyy/M/d", CultureInfo.InvariantCulture),
            ["代表团人数"] = 3 + (i % 5),
            ["事由"] = $"第{i}次结对学校线下教研交流（{tag}）",
        }),
    ];

    public static byte[] Xlsx(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.ToList(), excelType: ExcelType.XLSX);
        return stream.ToArray();
    }
}
