using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baoji.Exchange.Cli;
using Baoji.Exchange.Server.Reports;
using Baoji.Exchange.Server.Reports.Documents;
using Baoji.Exchange.Server.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Baoji.Exchange.Server.Tests.Reports;

/// <summary>
/// The documents of a year's report need an Azurite of their own: figures and the ledger index are keyed by
/// partnership and year, so records other test classes log would change the seeded 2024 report under them.
/// The collection runs alone, after the parallel ones: loading the 2024 log is heavy on a two-core machine, and the
/// other classes' storage calls have timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DocumentsCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "documents";
}

/// <summary>One server with the 2024 exchange log loaded, for every test of the class.</summary>
public sealed class DocumentServer : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private ServerFactory? _server;

    public ServerFactory Get(AzuriteFixture azurite)
    {
        lock (_gate)
        {
            return _server ??= new ServerFactory(azurite, $"docs-{Guid.NewGuid():N}"[..24]) { LoadLedger = true };
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// The Markdown, CSV and XLSX documents of the seeded 2024 report are parsed back and must say what the JSON says,
/// for the city and for every county; the chart is a PNG; the command line prints and saves them.
/// </summary>
[Collection(DocumentsCollection.Name)]
public sealed partial class DocumentTests(AzuriteFixture azurite, DocumentServer shared) : IClassFixture<DocumentServer>
{
    private const int Year = 2024;
    private const string Baoji = "610300";
    private const string Xuzhou = "320300";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The documents' labels and the JSON fields they stand for (written out here, not taken from the server's code).</summary>
    private static readonly (string Label, string Path)[] Labels =
    [
        ("县区教育部门领导互访（次）", "bureauVisits"),
        ("结对学校领导互访（次）", "schoolVisits"),
        ("交流干部教师（人）", "staffExchanged.total"),
        ("其中本方派出（人）", "staffExchanged.sent"),
        ("其中对方派来（人）", "staffExchanged.received"),
        ("有效合作协议的县区结对（对）", "countyPairsWithCooperationAgreement"),
        ("新增结对学校（所）", "newPairedSchools"),
        ("签有有效共建协议的学校（所）", "schoolsWithCoConstructionAgreement"),
        ("培训项目（项）", "training.records"),
        ("培训场次", "training.sessions"),
        ("受训人次", "training.trainees"),
        ("设备援建金额（元）", "training.equipmentValueYuan"),
        ("线上教研（场）", "training.onlineResearchSessions"),
        ("待对方确认的记录（条）", "unconfirmedRecords"),
    ];

    private const string SubjectLabel = "培训场次：";

    private readonly ServerFactory _server = shared.Get(azurite);

    [Fact]
    public async Task Markdown_narrates_the_year_and_its_tables_equal_the_json()
    {
        var json = await JsonReportAsync(Baoji);
        var (markdown, type) = await DocumentAsync(Baoji, "text/markdown");

        Assert.Equal("text/markdown", type.MediaType);
        Assert.Equal("utf-8", type.CharSet);
        Assert.StartsWith("# 宝鸡市—徐州市", markdown, StringComparison.Ordinal);
        Assert.Contains("2024 年 12 月 31 日", markdown, StringComparison.Ordinal);
        Assert.Contains("县区教育部门领导互访 6 次", markdown, StringComparison.Ordinal);
        Assert.Contains("## 统计口径", markdown, StringComparison.Ordinal);
        Assert.Contains($"](/api/v1/reports/{Year}/chart.png?perspective={Baoji})", markdown, StringComparison.Ordinal);

        var (tables, quiet) = ParseMarkdown(markdown, Baoji);
        AssertEqualsJson(json, tables, "Markdown");
        // Every county is either a table or named in the one line for counties without activity, whose figures are 0.
        Assert.Equal(Counties(json).Select(c => (string)c["id"]!).Order(), tables.Keys.Where(k => k != Baoji).Concat(quiet).Order());
        Assert.NotEmpty(quiet);
        Assert.All(quiet, id => Assert.All(Labels, l => Assert.Equal(0m, Figure(Scope(json, id), l.Path))));
        Assert.Equal(5, tables.Count - 1);
    }

    [Theory]
    [InlineData(Baoji)]
    [InlineData(Xuzhou)]
    public async Task Csv_has_a_bom_chinese_headers_and_a_row_per_scope_equal_to_the_json(string perspective)
    {
        var json = await JsonReportAsync(perspective);
        var response = await Get(perspective, "text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var header = rows[0];
        Assert.Equal(["年度", "统计截至", "范围", "代码", "名称", "结对县区"], header[..6]);
        Assert.Equal(1 + 1 + Counties(json).Count, rows.Count);
        Assert.Equal(["全市", perspective], rows[1][2..4]);

        var code = Array.IndexOf(header, "代码");
        var scopes = rows.Skip(1).ToDictionary(
            r => r[code],
            r => header.Select((label, i) => (label, r[i])).Skip(6).ToDictionary(x => x.label, x => decimal.Parse(x.Item2, CultureInfo.InvariantCulture)));
        AssertEqualsJson(json, scopes, "CSV");
    }

    [Fact]
    public async Task Xlsx_is_valid_spreadsheetml_with_summary_and_county_sheets_equal_to_the_json()
    {
        var json = await JsonReportAsync(Baoji);
        var response = await Get(Baoji, Xlsx);
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"report-{Year}-{Baoji}.xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var scopes = ReadWorkbook(stream, Baoji);

        AssertEqualsJson(json, scopes, "XLSX");
    }

    [Fact]
    public async Task Chart_is_a_png_of_the_year()
    {
        var response = await _server.Admin().GetAsync($"/api/v1/reports/{Year}/chart.png?perspective={Baoji}");
        var png = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.True(BigEndian(png, 16) >= 600 && BigEndian(png, 20) >= 400, $"{BigEndian(png, 16)}×{BigEndian(png, 20)} is too small for a chart");
        Assert.True(png.Length > 20_000, $"{png.Length} bytes is too little for two panels of bars and lines");
    }

    [Fact]
    public async Task The_charts_months_add_up_to_the_years_visits_trainings_and_counted_placements()
    {
        var reports = _server.Services.GetRequiredService<ReportService>();
        var (context, _, _) = await reports.ContextAsync(Year, Baoji);
        var report = ReportService.Build(context!);
        var placements = new HashSet<string>(StringComparer.Ordinal);
        foreach (var figure in new[] { "staffExchanged.sent", "staffExchanged.received" })
        {
            var drill = JsonNode.Parse(await _server.Admin().GetStringAsync($"/api/v1/reports/{Year}/records?perspective={Baoji}&figure={figure}"))!;
            placements.UnionWith(drill["items"]!.AsArray().SelectMany(i => i!["recordIds"]!.AsArray().Select(r => (string)r!)));
        }

        var chart = YearChartData.From(context!, report);

        Assert.Equal(report.BureauVisits + report.SchoolVisits, chart.VisitsByMonth.Sum());
        Assert.Equal(report.Training.Records, chart.TrainingsByMonth.Sum());
        Assert.Equal(placements.Count, chart.StaffByMonth.Sum());
        Assert.True(chart.VisitsByMonth.Count(m => m > 0) > 1, "the 2024 visits fall in more than one month");
    }

    [Fact]
    public async Task An_unsupported_accept_is_406_naming_the_accept_field()
    {
        var response = await Get(Baoji, "text/html");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("text/markdown", (string?)problem["errors"]!["Accept"]![0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("text/html, */*;q=0.1", "application/json")]
    [InlineData("text/csv;q=0.5, text/markdown", "text/markdown")]
    [InlineData("TEXT/CSV", "text/csv")]
    public async Task Accept_chooses_the_document_and_json_stays_the_default(string? accept, string mediaType)
    {
        var response = await Get(Baoji, accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task Command_line_prints_the_markdown_the_api_serves()
    {
        var options = ReportOptions.Parse(["report", $"{Year}", "--perspective", Baoji, "--format", "md"], out var error, out _);
        Assert.Null(error);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var exit = await new ReportCommand(_server.Admin()).RunAsync(options!, stdout, stderr);

        Assert.Equal(0, exit);
        var printed = Encoding.UTF8.GetString(stdout.ToArray());
        Assert.Equal((await DocumentAsync(Baoji, "text/markdown")).Text, printed);
        Assert.Contains("| 交流干部教师（人） | 108 |", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_line_saves_an_xlsx_with_the_token_from_a_file_and_explains_a_refusal()
    {
        var folder = Directory.CreateTempSubdirectory("baoji-cli-");
        try
        {
            var tokenFile = Path.Combine(folder.FullName, "token");
            await File.WriteAllTextAsync(tokenFile, ServerFactory.AdminToken + "\n");
            var xlsx = Path.Combine(folder.FullName, "report.xlsx");
            _server.CreateClient().Dispose(); // start the test server, whose handler the command then uses
            using var handler = _server.Server.CreateHandler();
            using var stdout = new MemoryStream();
            using var stderr = new StringWriter();

            string[] args = ["report", $"{Year}", "-p", Baoji, "-f", "xlsx", "-o", xlsx, "--url", "http://localhost", "--token-file", tokenFile];
            var exit = await CliApp.RunAsync(args, stdout, stderr, _ => null, handler);

            Assert.True(exit == 0, stderr.ToString());
            Assert.Equal(0, stdout.Length);
            await using (var file = File.OpenRead(xlsx))
            {
                AssertEqualsJson(await JsonReportAsync(Baoji), ReadWorkbook(file, Baoji), "XLSX from the command line");
            }

            using var refusedErr = new StringWriter();
            string[] wrong = ["report", $"{Year}", "-p", "999999", "--url", "http://localhost", "--token-file", tokenFile];
            Assert.Equal(1, await CliApp.RunAsync(wrong, stdout, refusedErr, _ => null, handler));
            Assert.Contains("perspective", refusedErr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<HttpResponseMessage> Get(string perspective, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/{Year}?perspective={perspective}");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await _server.Admin().SendAsync(request);
    }

    private async Task<(string Text, MediaTypeHeaderValue Type)> DocumentAsync(string perspective, string accept)
    {
        var response = await Get(perspective, accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType!);
    }

    private async Task<JsonObject> JsonReportAsync(string perspective)
    {
        var response = await Get(perspective, "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Each scope's figures in the document equal the JSON's: every label, and every training subject.</summary>
    private static void AssertEqualsJson(JsonObject json, Dictionary<string, Dictionary<string, decimal>> document, string what)
    {
        var perspective = (string)json["perspective"]!;
        Assert.Equal(6, (int)document[perspective]["县区教育部门领导互访（次）"]);
        foreach (var (scope, figures) in document)
        {
            var expected = Scope(json, scope);
            foreach (var (label, path) in Labels)
            {
                Assert.True(figures.TryGetValue(label, out var value), $"{what}: {scope} has no {label}");
                Assert.True(Figure(expected, path) == value, $"{what}: {scope} {label} is {value}, the JSON says {Figure(expected, path)}");
            }

            var subjects = expected["training"]!["bySubject"]!.AsObject();
            foreach (var (subject, sessions) in subjects)
            {
                Assert.Equal((decimal)sessions!, figures[SubjectLabel + subject]);
            }

            // A subject column the scope has no sessions in is 0 (CSV and XLSX have one column per subject of the city).
            Assert.All(figures.Where(f => f.Key.StartsWith(SubjectLabel, StringComparison.Ordinal) && !subjects.ContainsKey(f.Key[SubjectLabel.Length..])),
                f => Assert.Equal(0m, f.Value));
        }
    }

    private static JsonObject Scope(JsonObject report, string id) =>
        id == (string)report["perspective"]! ? report : Counties(report).Single(c => (string)c["id"]! == id);

    private static List<JsonObject> Counties(JsonObject report) => [.. report["counties"]!.AsArray().Select(c => c!.AsObject())];

    private static decimal Figure(JsonNode scope, string path) =>
        path.Split('.').Aggregate(scope, (node, part) => node[part]!).GetValue<decimal>();

    private static int BigEndian(byte[] bytes, int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];

    /// <summary>The "| label | number |" rows of the summary (the city) and of each "### name（id）" county section, and the quiet counties' ids.</summary>
    private static (Dictionary<string, Dictionary<string, decimal>> Tables, List<string> Quiet) ParseMarkdown(string markdown, string perspective)
    {
        var tables = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        var quiet = new List<string>();
        string? scope = null;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                scope = line == "## 汇总表" ? perspective : null;
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                scope = CodeInBrackets().Match(line).Groups[1].Value;
            }
            else if (line.StartsWith("其余 ", StringComparison.Ordinal))
            {
                quiet.AddRange(CodeInBrackets().Matches(line).Select(m => m.Groups[1].Value));
            }
            else if (scope is not null && TableRow().Match(line) is { Success: true } row)
            {
                var figures = tables.TryGetValue(scope, out var f) ? f : tables[scope] = new(StringComparer.Ordinal);
                figures[row.Groups[1].Value] = decimal.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return (tables, quiet);
    }

    /// <summary>RFC 4180: fields separated by commas, quoted when they hold commas, quotes or line breaks; CRLF between records.</summary>
    /// <summary>The report's CSV read with the importer's RFC 4180 reader: every line ends with CRLF and has the header's width.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var rows = global::Baoji.Exchange.Server.Imports.CsvText.Records(text).Select(r => r.ToArray()).ToList();
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
        return rows;
    }

    /// <summary>Opens the workbook with the Open XML SDK, checks it against the schema, and reads 汇总 (label, value) and 分县 (a row per county).</summary>
    [SuppressMessage("Globalization", "CA1305", Justification = "Cell values are invariant.")]
    private static Dictionary<string, Dictionary<string, decimal>> ReadWorkbook(Stream stream, string perspective)
    {
        using var workbook = SpreadsheetDocument.Open(stream, isEditable: false);
        var errors = new OpenXmlValidator().Validate(workbook).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var part = workbook.WorkbookPart!;
        var strings = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        List<List<(string Text, bool Number)>> Sheet(string name)
        {
            var sheet = part.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
            var data = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.GetFirstChild<SheetData>()!;
            return [.. data.Elements<Row>().Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.SharedString
                ? (strings[int.Parse(c.CellValue!.Text)], false)
                : (c.CellValue?.Text ?? "", true)).ToList())];
        }

        Assert.Equal(["汇总", "分县"], part.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!));
        var summary = Sheet("汇总");
        Assert.Equal(("指标", false), summary[0][0]);
        var scopes = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal)
        {
            [perspective] = summary.Skip(1).Where(r => r[1].Number && r[0].Text != "年度").ToDictionary(r => r[0].Text, r => decimal.Parse(r[1].Text, CultureInfo.InvariantCulture)),
        };

        var counties = Sheet("分县");
        var header = counties[0].Select(c => c.Text).ToList();
        Assert.Equal(["代码", "名称", "结对县区"], header[..3]);
        foreach (var row in counties.Skip(1))
        {
            Assert.All(row.Skip(3), c => Assert.True(c.Number, $"{c.Text} is stored as text"));
            scopes[row[0].Text] = header.Skip(3).Select((label, i) => (label, row[i + 3].Text))
                .ToDictionary(x => x.label, x => decimal.Parse(x.Text, CultureInfo.InvariantCulture));
        }

        return scopes;
    }

    [GeneratedRegex(@"（(\d{6})）")]
    private static partial Regex CodeInBrackets();

    [GeneratedRegex(@"^\| ([^|]+?) \| (-?[0-9]+(?:\.[0-9]+)?) \|$")]
    private static partial Regex TableRow();
}
