using System.Net;
using System.Text;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;
using MiniExcelLibs;

namespace Baoji.Exchange.Server.Tests.Imports;

/// <summary>Spreadsheet imports against the real server: templates, preview, commit, a second import of the same file, encodings, bad files.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ImportTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "imports");

    [Fact]
    public async Task A_school_imports_fifty_rows_once_after_fixing_the_three_bad_ones()
    {
        var school = await _server.ActingFor(Bodies.LongxianVocational);
        var rows = ImportFiles.SchoolVisits(50, "fifty");
        rows[4]["开始日期"] = "2024-13-40";
        rows[16]["互访级别"] = "市级领导";
        rows[32]["代表团人数"] = 0;

        var preview = await school.PreviewAsync(ImportFiles.Xlsx(rows), "台账.xlsx");

        Assert.True((50, 3, 47, 0) == ((int)preview["total"]!, (int)preview["errorRows"]!, (int)preview["toCreate"]!, (int)preview["alreadyImported"]!), preview.ToJsonString());
        var errors = preview.Errors().ToList();
        Assert.Contains(errors, e => e is { Row: 6, Column: "开始日期" } && e.Message == "开始日期须为日期（yyyy-MM-dd）。");
        Assert.Contains(errors, e => e is { Row: 18, Column: "互访级别" } && e.Message == "互访级别须为以下之一：县区教育部门领导、结对学校领导。");
        Assert.Contains(errors, e => e is { Row: 34, Column: "代表团人数" } && e.Message == "代表团人数须在 1 到 500 之间。");
        Assert.Equal(3, errors.Count);
        await (await school.PostAsync($"/api/v1/imports/{(string)preview["id"]!}/commit", null)).ExpectProblemAsync(HttpStatusCode.Conflict, "file");

        var fixedFile = ImportFiles.Xlsx(ImportFiles.SchoolVisits(50, "fifty"));
        var fixedPreview = await school.PreviewAsync(fixedFile, "台账.xlsx");
        Assert.Equal((0, 50), ((int)fixedPreview["errorRows"]!, (int)fixedPreview["toCreate"]!));
        var committed = await school.CommitAsync((string)fixedPreview["id"]!);

        Assert.Equal(("completed", 50, 50, 0, 0), ((string?)committed["state"], (int)committed["done"]!, (int)committed["created"]!, (int)committed["skipped"]!, (int)committed["failed"]!));
        var listed = await school.ListAllAsync("visits", Bodies.LongxianVocational, 2024);
        Assert.Equal(50, listed.Count(r => ((string?)r["body"]?["purpose"] ?? (string?)r["purpose"] ?? "").EndsWith("次结对学校线下教研交流（fifty）", StringComparison.Ordinal)));

        var again = await school.PreviewAsync(fixedFile, "台账.xlsx");
        Assert.Equal((0, 50), ((int)again["toCreate"]!, (int)again["alreadyImported"]!));
        var second = await school.CommitAsync((string)again["id"]!);
        Assert.Equal(("completed", 0, 50), ((string?)second["state"], (int)second["created"]!, (int)second["skipped"]!));
        Assert.Equal(listed.Count, (await school.ListAllAsync("visits", Bodies.LongxianVocational, 2024)).Count);
    }

    [Fact]
    public async Task Rows_without_a_key_are_known_by_their_cells()
    {
        var school = await _server.ActingFor(Bodies.LongxianVocational);
        var rows = ImportFiles.SchoolVisits(3, "nokey");
        foreach (var row in rows)
        {
            row["编号"] = null;
            row["事由"] = $"无编号{row["事由"]}";
        }

        var first = await school.CommitAsync((string)(await school.PreviewAsync(ImportFiles.Xlsx(rows), "a.xlsx"))["id"]!);
        // The same rows with dates typed differently are the same rows.
        var csv = Encoding.UTF8.GetBytes(ImportFiles.Csv(rows, ImportFiles.VisitHeaders));
        var again = await school.PreviewAsync(csv, "a.csv");

        Assert.Equal(3, (int)first["created"]!);
        Assert.Equal((0, 3), ((int)again["toCreate"]!, (int)again["alreadyImported"]!));
    }

    [Theory]
    [InlineData("gb18030")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    public async Task Csv_is_read_in_gb18030_and_utf8_with_or_without_bom(string encoding)
    {
        var school = await _server.ActingFor(Bodies.LongxianVocational);
        var text = ImportFiles.Csv(ImportFiles.SchoolVisits(2, $"csv-{encoding}"), ImportFiles.VisitHeaders);
        var bytes = encoding switch
        {
            "gb18030" => ImportFiles.Gb18030(text),
            "utf-8-bom" => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)],
            _ => Encoding.UTF8.GetBytes(text),
        };

        var preview = await school.PreviewAsync(bytes, "台账.csv");

        Assert.True((2, 0, 2) == ((int)preview["total"]!, (int)preview["errorRows"]!, (int)preview["toCreate"]!), preview.ToJsonString());
        var committed = await school.CommitAsync((string)preview["id"]!);
        Assert.Equal(2, (int)committed["created"]!);
        var listed = await school.ListAllAsync("visits", Bodies.LongxianVocational, 2024);
        Assert.Contains(listed, r => ((string?)r["body"]?["purpose"] ?? (string?)r["purpose"]) == $"第1次结对学校线下教研交流（csv-{encoding}）");
    }

    [Theory]
    [InlineData("garbage.xlsx", "random")]
    [InlineData("broken.xlsx", "zip")]
    [InlineData("binary.csv", "nul")]
    [InlineData("other.csv", "header")]
    [InlineData("empty.csv", "empty")]
    public async Task A_file_that_is_no_sheet_of_the_kind_is_400_naming_file(string name, string content)
    {
        var school = await _server.ActingFor(Bodies.LongxianVocational);
        byte[] bytes = content switch
        {
            "random" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))],
            "zip" => [(byte)'P', (byte)'K', 3, 4, .. Enumerable.Repeat((byte)1, 500)],
            "nul" => [(byte)'a', 0, (byte)'b', 0],
            "header" => Encoding.UTF8.GetBytes("姓名,年龄\r\n张三,30\r\n"),
            _ => Encoding.UTF8.GetBytes(string.Join(',', ImportFiles.VisitHeaders) + "\r\n"),
        };

        var response = await school.UploadAsync(bytes, name, "visits");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task A_file_over_ten_mebibytes_is_413_naming_file()
    {
        var school = await _server.ActingFor(Bodies.LongxianVocational);

        var response = await school.UploadAsync(new byte[(10 * 1024 * 1024) + 1], "big.csv", "visits");

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file");
    }

    [Fact]
    public async Task An_import_for_another_organisation_is_refused()
    {
        var school = await _server.ActingFor(Bodies.LongxianVocational);
        var file = ImportFiles.Xlsx(ImportFiles.SchoolVisits(1, "other"));

        await (await school.UploadAsync(file, "a.xlsx", "visits", Bodies.Qiwen)).ExpectProblemAsync(HttpStatusCode.Forbidden, "organizationId");
        var preview = await school.PreviewAsync(file, "a.xlsx");
        var stranger = await _server.ActingFor(Bodies.Qiwen);
        await (await stranger.GetAsync($"/api/v1/imports/{(string)preview["id"]!}")).ExpectProblemAsync(HttpStatusCode.Forbidden, "id");
        await (await stranger.PostAsync($"/api/v1/imports/{(string)preview["id"]!}/commit", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "id");
        await (await school.UploadAsync(file, "a.xlsx", "meetings")).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
    }

    [Theory]
    [InlineData("visits", "出访单位", "互访级别")]
    [InlineData("staff-exchanges", "人员编号", "身份")]
    [InlineData("trainings", "帮扶单位", "培训科目")]
    [InlineData("agreements", "甲方", "协议名称")]
    public async Task Templates_download_and_parse_back_with_chinese_headers(string kind, string header, string another)
    {
        var client = await _server.ActingFor(Bodies.LongxianVocational);

        var xlsx = await (await client.GetAsync($"/api/v1/imports/templates/{kind}.xlsx")).Content.ReadAsByteArrayAsync();
        var csvResponse = await client.GetAsync($"/api/v1/imports/templates/{kind}.csv");
        var csv = await csvResponse.Content.ReadAsByteArrayAsync();

        using var stream = new MemoryStream(xlsx);
        var columns = ((IDictionary<string, object?>)stream.Query(useHeaderRow: false, sheetName: "导入").First()).Values.Select(v => (string)v!).ToList();
        Assert.Equal("编号", columns[0]);
        Assert.Contains(header, columns);
        Assert.Contains(another, columns);
        stream.Position = 0;
        Assert.Equal(["导入", "填写说明"], stream.GetSheetNames());
        Assert.True(csv.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        Assert.Equal(string.Join(',', columns), Encoding.UTF8.GetString(csv, 3, csv.Length - 3).TrimEnd());
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        // A template filled in is an import: its header is the one the upload expects.
        var filled = await client.UploadAsync(xlsx, $"{kind}.xlsx", kind);
        await filled.ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        Assert.Contains("holds no rows", await filled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
