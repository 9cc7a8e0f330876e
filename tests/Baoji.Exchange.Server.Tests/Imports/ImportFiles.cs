using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Ledger;
using MiniExcelLibs;

namespace Baoji.Exchange.Server.Tests.Imports;

/// <summary>Spreadsheets as clerks fill them in, and the import calls of the API.</summary>
internal static class ImportFiles
{
    public static readonly string[] VisitHeaders = ["编号", "出访单位", "接待单位", "互访级别", "开始日期", "结束日期", "代表团人数", "事由"];

    /// <summary>School visits from 陇县职教中心 to the 铜山 vocational school, one a day from 2024-03-01 (row keys V-{tag}-{i}).</summary>
    public static List<Dictionary<string, object?>> SchoolVisits(int count, string tag) =>
    [
        .. Enumerable.Range(1, count).Select(i => new Dictionary<string, object?>
        {
            ["编号"] = $"V-{tag}-{i}",
            ["出访单位"] = Bodies.LongxianVocational,
            ["接待单位"] = Bodies.TongshanVocational,
            ["互访级别"] = "结对学校领导",
            // Excel keeps dates as dates; clerks also type them as text.
            ["开始日期"] = new DateTime(2024, 3, 1).AddDays(i),
            ["结束日期"] = new DateTime(2024, 3, 1).AddDays(i + 1).ToString("yyyy/M/d", System.Globalization.CultureInfo.InvariantCulture),
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

    public static string Csv(IEnumerable<Dictionary<string, object?>> rows, IReadOnlyList<string> headers) =>
        string.Join("\r\n", [string.Join(',', headers), .. rows.Select(r => string.Join(',', headers.Select(h => Cell(r[h]))))]) + "\r\n";

    private static string Cell(object? value) => value switch
    {
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        null => "",
        _ => $"\"{value.ToString()!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"",
    };

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] file, string fileName, string kind, string? organizationId = null)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        form.Add(new StringContent(kind), "kind");
        if (organizationId is not null)
        {
            form.Add(new StringContent(organizationId), "organizationId");
        }

        return await client.PostAsync("/api/v1/imports", form);
    }

    public static async Task<JsonObject> PreviewAsync(this HttpClient client, byte[] file, string fileName, string kind = "visits")
    {
        var response = await client.UploadAsync(file, fileName, kind);
        var preview = await response.ExpectAsync(HttpStatusCode.Created);
        // The import's own resource: the one polled for its preview and, after the commit, its progress.
        Assert.Equal($"/api/v1/imports/{preview["id"]}", response.Headers.Location?.OriginalString);
        return preview;
    }

    /// <summary>Commits and follows the import's status until it is no longer committing.</summary>
    public static async Task<JsonObject> CommitAsync(this HttpClient client, string id)
    {
        var response = await client.PostAsync($"/api/v1/imports/{id}/commit", null);
        var status = await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/imports/{id}", response.Headers.Location?.OriginalString);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((string?)status["state"] == "committing" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            status = await (await client.GetAsync($"/api/v1/imports/{id}")).ExpectAsync(HttpStatusCode.OK);
        }

        return status;
    }

    public static IEnumerable<(int Row, string Column, string Message)> Errors(this JsonObject import) =>
        import["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string)e["column"]!, (string)e["message"]!));

    public static byte[] Gb18030(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030").GetBytes(text);
    }
}
