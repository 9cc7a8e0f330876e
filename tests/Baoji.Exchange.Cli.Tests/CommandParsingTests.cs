using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Cli.Tests.Infrastructure;

namespace Baoji.Exchange.Cli.Tests;

/// <summary>Each command's command line: what it accepts, what it refuses (exit 2, no request), and the requests it makes of it.</summary>
public sealed class CommandParsingTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("baoji-cli-parse-");

    [Fact]
    public void Report_parses_the_documented_command()
    {
        var options = ReportOptions.Parse(["report", "2024", "--perspective", "610300", "--format", "md", "--url", "http://127.0.0.1:5080", "--token", "t"], out var error, out var help);

        Assert.Null(error);
        Assert.False(help);
        Assert.Equal((2024, "610300", "md", null), (options!.Year, options.Perspective, options.Format.Name, options.Out));
    }

    [Fact]
    public void Report_short_and_equals_forms_work_and_markdown_is_the_default()
    {
        var options = ReportOptions.Parse(["report", "-p=320300", "2025", "-o", "r.md"], out var error, out _);

        Assert.Null(error);
        Assert.Equal((2025, "320300", "text/markdown", "r.md"), (options!.Year, options.Perspective, options.Format.Accept, options.Out));
    }

    [Theory]
    [InlineData("Required command was not provided", new string[0])]
    [InlineData("Unrecognized command or argument 'print'", new[] { "print", "2024" })]
    [InlineData("Required argument 'year' missing for command: 'report'", new[] { "report", "--perspective", "610300" })]
    [InlineData("Cannot parse argument 'twenty'", new[] { "report", "twenty", "--perspective", "610300" })]
    [InlineData("Option '--perspective' is required", new[] { "report", "2024" })]
    [InlineData("--format is one of: md, csv, xlsx, png, json", new[] { "report", "2024", "-p", "610300", "-f", "pdf" })]
    [InlineData("name it with --out, e.g. --out report-2024.xlsx", new[] { "report", "2024", "-p", "610300", "-f", "xlsx" })]
    [InlineData("name it with --out", new[] { "report", "2024", "-p", "610300", "-f", "png" })]
    [InlineData("Unrecognized command or argument '--colour'", new[] { "report", "2024", "-p", "610300", "--colour", "red" })]
    [InlineData("Required argument missing for option: '--out'", new[] { "report", "2024", "-p", "610300", "--out" })]
    public void Report_wrong_usage_says_what_is_wrong(string expected, string[] args)
    {
        Assert.Null(ReportOptions.Parse(args, out var error, out _));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("md", "api/v1/reports/2024?perspective=610300")]
    [InlineData("xlsx", "api/v1/reports/2024?perspective=610300")]
    [InlineData("png", "api/v1/reports/2024/chart.png?perspective=610300")]
    public void The_chart_has_a_path_of_its_own(string format, string path) =>
        Assert.Equal(path, ReportFormat.Find(format)!.PathFor(2024, "610300"));

    [Fact]
    public async Task Records_list_asks_with_the_filters_and_follows_every_page()
    {
        using var stub = new StubHandler(request => StubHandler.Json(request.RequestUri!.Query.Contains("continuationToken=", StringComparison.Ordinal)
            ? """{"items":[{"id":"v3","collection":"visits","status":"logged","counts":true,"startDate":"2024-05-01","fromOrgId":"610327","toOrgId":"320312","purpose":"教研"}],"continuationToken":null}"""
            : """{"items":[{"id":"v1","collection":"visits","status":"logged","counts":true},{"id":"v2","collection":"visits","status":"logged","counts":false}],"continuationToken":"c+2/="}"""));

        var run = await CliRun.RunAsync(["records", "list", "--kind", "visits", "--year", "2024", "--status", "logged", "--organization", "610327", "--page-size", "2", "--token", "t"], stub);

        Assert.True(run.Exit == 0, run.Stderr);
        Assert.Equal(
            [
                "http://127.0.0.1:5080/api/v1/visits?pageSize=2&year=2024&status=logged&organizationId=610327",
                "http://127.0.0.1:5080/api/v1/visits?pageSize=2&year=2024&status=logged&organizationId=610327&continuationToken=c%2B2%2F%3D",
            ],
            stub.Requests.Select(r => r.Uri));
        var lines = run.Stdout.TrimEnd().Split('\n');
        Assert.Equal(["id\tcollection\tstatus\tcounts\tdate\tparties\tsummary", "v1\tvisits\tlogged\tyes\t\t\t", "v2\tvisits\tlogged\tno\t\t\t",
            "v3\tvisits\tlogged\tyes\t2024-05-01\t610327→320312\t教研"], lines);
    }

    [Fact]
    public async Task Records_list_as_json_is_one_array_and_limit_stops_early()
    {
        using var stub = new StubHandler(_ => StubHandler.Json("""{"items":[{"id":"a"},{"id":"b"}],"continuationToken":"more"}"""));

        var run = await CliRun.RunAsync(["records", "list", "-k", "trainings", "-f", "json", "--limit", "3", "--token", "t"], stub);

        Assert.True(run.Exit == 0, run.Stderr);
        Assert.Equal(["a", "b", "a"], JsonNode.Parse(run.Stdout)!.AsArray().Select(r => (string)r!["id"]!));
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal("http://127.0.0.1:5080/api/v1/trainings?pageSize=100", stub.Requests[0].Uri);
    }

    [Theory]
    [InlineData("Option '--kind' is required", new[] { "records", "list" })]
    [InlineData("Argument 'meetings' not recognized. Must be one of", new[] { "records", "list", "--kind", "meetings" })]
    [InlineData("Argument 'open' not recognized", new[] { "records", "list", "-k", "visits", "--status", "open" })]
    [InlineData("--page-size lies between 1 and 1000", new[] { "records", "list", "-k", "visits", "--page-size", "0" })]
    [InlineData("Argument 'xml' not recognized", new[] { "records", "list", "-k", "visits", "--format", "xml" })]
    [InlineData("Required command was not provided", new[] { "records" })]
    [InlineData("Option '--kind' is required", new[] { "import", "sheet.csv" })]
    [InlineData("File does not exist: 'no-such-sheet.csv'", new[] { "import", "no-such-sheet.csv", "--kind", "visits" })]
    [InlineData("Required argument 'file' missing for command: 'import'", new[] { "import", "--kind", "visits" })]
    [InlineData("Option '--perspective' is required", new[] { "reconcile", "2024" })]
    [InlineData("Required argument 'year' missing for command: 'reconcile'", new[] { "reconcile", "-p", "610300" })]
    public async Task Wrong_usage_of_each_command_exits_2_without_a_request(string expected, string[] args)
    {
        using var stub = new StubHandler(_ => StubHandler.Json("{}"));

        var run = await CliRun.RunAsync([.. args, "--token", "t"], stub);

        Assert.Equal(2, run.Exit);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Import_uploads_commits_and_polls_until_the_commit_ends()
    {
        var sheet = Path.Combine(_folder.FullName, "台账.csv");
        await File.WriteAllTextAsync(sheet, "编号,出访单位\r\nV-1,x\r\n");
        var polls = 0;
        using var stub = new StubHandler(request => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("POST", "/api/v1/imports") => StubHandler.Json(Status("previewed", created: 0), HttpStatusCode.Created),
            ("POST", "/api/v1/imports/imp-1/commit") => StubHandler.Json(Status("committing", created: 0), HttpStatusCode.Accepted),
            ("GET", "/api/v1/imports/imp-1") => StubHandler.Json(++polls switch
            {
                1 => Status("committing", created: 1),
                // "completed" stored by the progress writer before the final counts: no finishedAt yet, so polled again.
                2 => Status("completed", created: 1, finished: false),
                _ => Status("completed", created: 2),
            }),
            _ => StubHandler.Json("{}", HttpStatusCode.NotFound),
        });

        var run = await CliRun.RunAsync(["import", sheet, "--kind", "visits", "--organization", "sx-610327-longxian-vec", "--token", "t"], stub);

        Assert.True(run.Exit == 0, run.Stderr);
        Assert.Equal(["POST /api/v1/imports", "POST /api/v1/imports/imp-1/commit", "GET /api/v1/imports/imp-1", "GET /api/v1/imports/imp-1", "GET /api/v1/imports/imp-1"],
            stub.Requests.Select(r => $"{r.Method} {new Uri(r.Uri).AbsolutePath}"));
        var upload = stub.Requests[0].Body!;
        Assert.Contains("filename*=utf-8''台账.csv", Uri.UnescapeDataString(upload), StringComparison.Ordinal);
        Assert.Contains("name=kind\r\n\r\nvisits", upload.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("name=organizationId\r\n\r\nsx-610327-longxian-vec", upload.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("import imp-1 completed: 2 created, 0 already records, 0 failed, of 2 rows.", run.Stdout.Trim());
        Assert.Contains("previewed 台账.csv as import imp-1: 2 rows, 2 to create", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_with_bad_rows_lists_them_commits_nothing_and_exits_1()
    {
        var sheet = Path.Combine(_folder.FullName, "bad.csv");
        await File.WriteAllTextAsync(sheet, "x\r\n");
        var preview = """
            {"id":"imp-2","state":"previewed","total":3,"toCreate":2,"alreadyImported":0,"errorRows":1,
             "errors":[{"row":3,"column":"开始日期","field":"startDate","code":"date","message":"开始日期不是日期"}],"errorsTruncated":false}
            """;
        using var stub = new StubHandler(_ => StubHandler.Json(preview, HttpStatusCode.Created));

        var run = await CliRun.RunAsync(["import", sheet, "-k", "visits", "--token", "t"], stub);

        Assert.Equal(1, run.Exit);
        Assert.Single(stub.Requests);
        Assert.Contains("  row 3, 开始日期 (startDate): 开始日期不是日期", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was committed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_dry_run_only_previews()
    {
        var sheet = Path.Combine(_folder.FullName, "ok.csv");
        await File.WriteAllTextAsync(sheet, "x\r\n");
        using var stub = new StubHandler(_ => StubHandler.Json(Status("previewed", created: 0), HttpStatusCode.Created));

        var run = await CliRun.RunAsync(["import", sheet, "-k", "visits", "--dry-run", "-f", "json", "--token", "t"], stub);

        Assert.True(run.Exit == 0, run.Stderr);
        Assert.Single(stub.Requests);
        Assert.Equal("previewed", (string?)JsonNode.Parse(run.Stdout)!["state"]);
    }

    [Fact]
    public async Task Reconcile_gathers_every_page_into_its_three_lists()
    {
        using var stub = new StubHandler(request => StubHandler.Json(request.RequestUri!.Query.Contains("continuationToken=", StringComparison.Ordinal)
            ? """{"unconfirmed":[],"disputed":[],"probableDuplicates":[{"collection":"visits","firstId":"v1","secondId":"v2","partyIds":["610327","320312"],"reason":"same parties and dates"}],"continuationToken":null}"""
            : """{"unconfirmed":[{"id":"v1","collection":"visits","status":"logged","counts":true}],"disputed":[{"id":"v9","collection":"visits","status":"disputed","counts":true}],"probableDuplicates":[],"continuationToken":"2"}"""));

        var table = await CliRun.RunAsync(["reconcile", "2024", "-p", "610300", "--token", "t"], stub);
        var json = await CliRun.RunAsync(["reconcile", "2024", "-p", "610300", "--format", "json", "--token", "t"], stub);

        Assert.True(table.Exit == 0, table.Stderr);
        Assert.Equal("http://127.0.0.1:5080/api/v1/reconciliation/2024?perspective=610300", stub.Requests[0].Uri);
        Assert.Equal("http://127.0.0.1:5080/api/v1/reconciliation/2024?perspective=610300&continuationToken=2", stub.Requests[1].Uri);
        Assert.Contains("# unconfirmed: 1\n", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("# disputed: 1\n", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("# probable duplicates: 1\ncollection\tfirstId\tsecondId\tparties\treason\nvisits\tv1\tv2\t610327+320312\tsame parties and dates", table.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var document = JsonNode.Parse(json.Stdout)!;
        Assert.Equal((1, 1, 1), (document["unconfirmed"]!.AsArray().Count, document["disputed"]!.AsArray().Count, document["probableDuplicates"]!.AsArray().Count));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static string Status(string state, int created, bool finished = true) => $$"""
        {"id":"imp-1","kind":"visits","organizationId":"sx-610327-longxian-vec","fileName":"台账.csv","state":"{{state}}",
         "finishedAt":{{(state == "completed" && finished ? "\"2025-03-02T08:00:00+00:00\"" : "null")}},
         "total":2,"toCreate":2,"alreadyImported":0,"errorRows":0,"done":{{created}},"created":{{created}},"skipped":0,"failed":0,"errors":[],"errorsTruncated":false}
        """;
}
