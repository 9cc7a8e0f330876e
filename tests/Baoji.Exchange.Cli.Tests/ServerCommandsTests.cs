using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Baoji.Exchange.Cli.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Baoji.Exchange.Cli.Tests;

/// <summary>
/// Every command against the real server (silo + API + Azurite, the 2024 log loaded) over a loopback socket, checked
/// against what the API itself answers; and the acceptance test: the packed, installed <c>baoji</c> prints the report.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ServerCommandsTests(AzuriteFixture azurite, LoopbackServer shared, ITestOutputHelper output) : IClassFixture<LoopbackServer>
{
    private const string Baoji = "610300";
    private const string Longxian = "610327";
    private const string Tongshan = "320312";
    private const string LongxianVocational = "sx-610327-longxian-vec";
    private const string TongshanVocational = "js-320312-tongshan-svs";

    private readonly ServerFactory _server = shared.Get(azurite);

    [Fact]
    public async Task Report_prints_the_documents_the_api_serves()
    {
        var token = await _server.TokenFor(Baoji);

        var markdown = await Run(["report", "2024", "-p", Baoji, "--token", token]);
        var json = await Run(["report", "2024", "-p", Baoji, "-f", "json", "--token", token]);

        Assert.Equal(await _server.GetTextAsync($"/api/v1/reports/2024?perspective={Baoji}", "text/markdown"), markdown.Stdout);
        Assert.Contains("| 交流干部教师（人） | 108 |", markdown.Stdout, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await _server.GetTextAsync($"/api/v1/reports/2024?perspective={Baoji}", "application/json")), JsonNode.Parse(json.Stdout)));
    }

    [Fact]
    public async Task Records_list_pages_through_every_record_the_api_lists()
    {
        var token = await _server.TokenFor(Longxian);

        var json = await Run(["records", "list", "--kind", "visits", "--year", "2024", "--page-size", "2", "-f", "json", "--token", token]);
        var table = await Run(["records", "list", "-k", "visits", "-y", "2024", "--status", "confirmed", "--token", token]);

        var expected = JsonNode.Parse(await _server.GetTextAsync($"/api/v1/visits?organizationId={Longxian}&year=2024&pageSize=1000", "application/json"))!["items"]!.AsArray();
        var listed = JsonNode.Parse(json.Stdout)!.AsArray();
        Assert.True(expected.Count > 2, $"the seeded log has {expected.Count} visits of {Longxian} in 2024: too few to page");
        Assert.Equal(expected.Select(r => (string)r!["id"]!), listed.Select(r => (string)r!["id"]!));
        Assert.True(JsonNode.DeepEquals(expected, listed));
        var confirmed = expected.Where(r => (string)r!["status"]! == "confirmed").Select(r => (string)r!["id"]!).ToList();
        var rows = table.Stdout.TrimEnd().Split('\n');
        Assert.Equal(RecordTable.Header, rows[0]);
        Assert.Equal(confirmed, rows.Skip(1).Select(r => r.Split('\t')[0]));
    }

    [Fact]
    public async Task Import_of_a_small_csv_creates_its_records_once()
    {
        var token = await _server.TokenFor(LongxianVocational);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var file = Path.Combine(Path.GetTempPath(), $"baoji-cli-import-{tag}.csv");
        await File.WriteAllTextAsync(file, string.Join("\r\n",
            "编号,出访单位,接待单位,互访级别,开始日期,结束日期,代表团人数,事由",
            $"V-{tag}-1,{LongxianVocational},{TongshanVocational},结对学校领导,2025-03-02,2025-03-03,4,第1次结对学校线下教研交流（{tag}）",
            $"V-{tag}-2,{LongxianVocational},{TongshanVocational},结对学校领导,2025-03-09,2025-03-10,5,第2次结对学校线下教研交流（{tag}）") + "\r\n", new UTF8Encoding(true));
        try
        {
            var first = await Run(["import", file, "--kind", "visits", "--token", token]);
            var again = await Run(["import", file, "--kind", "visits", "--token", token]);

            Assert.Equal("import " + ImportId(first) + " completed: 2 created, 0 already records, 0 failed, of 2 rows.", first.Stdout.Trim());
            Assert.Contains("previewed " + Path.GetFileName(file), first.Stderr, StringComparison.Ordinal);
            Assert.True(again.Stdout.Trim().EndsWith(" 0 created, 2 already records, 0 failed, of 2 rows.", StringComparison.Ordinal), again.Stdout + again.Stderr);
            Assert.Contains("2 rows, 0 to create, 2 already records, 0 with errors.", again.Stderr, StringComparison.Ordinal);
            var listed = JsonNode.Parse((await Run(["records", "list", "-k", "visits", "-y", "2025", "-f", "json", "--token", token])).Stdout)!.AsArray();
            Assert.Equal([$"第1次结对学校线下教研交流（{tag}）", $"第2次结对学校线下教研交流（{tag}）"],
                listed.Select(r => (string)r!["purpose"]!).Where(p => p.Contains(tag, StringComparison.Ordinal)).Order());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Import_refused_by_the_server_prints_the_field_and_exits_1()
    {
        var token = await _server.TokenFor(LongxianVocational);
        var file = Path.Combine(Path.GetTempPath(), $"baoji-cli-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "x,y\r\n1,2\r\n");
        try
        {
            var run = await Run(["import", file, "--kind", "visits", "--organization", "js-320312-tongshan-svs", "--token", token]);

            Assert.Equal(1, run.Exit);
            Assert.StartsWith("error: HTTP 403 Forbidden: ", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("This token may not import records for js-320312-tongshan-svs.", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Reconcile_lists_what_the_api_lists_with_the_duplicate_both_sides_logged()
    {
        using var longxian = await _server.ActingFor(Longxian);
        using var tongshan = await _server.ActingFor(Tongshan);
        var ours = await CreateVisitAsync(longxian);
        var theirs = await CreateVisitAsync(tongshan);

        var json = await Run(["reconcile", "2025", "-p", Baoji, "-f", "json", "--token", await _server.TokenFor(Baoji)]);
        var table = await Run(["reconcile", "2025", "-p", Baoji, "--token", await _server.TokenFor(Baoji)]);

        var expected = JsonNode.Parse(await _server.GetTextAsync($"/api/v1/reconciliation/2025?perspective={Baoji}&pageSize=1000", "application/json"))!;
        var printed = JsonNode.Parse(json.Stdout)!;
        foreach (var list in new[] { "unconfirmed", "disputed", "probableDuplicates" })
        {
            Assert.True(JsonNode.DeepEquals(expected[list], printed[list]), list);
        }

        Assert.Contains(printed["probableDuplicates"]!.AsArray(), d => new[] { (string)d!["firstId"]!, (string)d["secondId"]! }.Order().SequenceEqual(new[] { ours, theirs }.Order()));
        Assert.Contains($"# unconfirmed: {expected["unconfirmed"]!.AsArray().Count}", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(ours, table.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// The acceptance test of issue 12: pack, install as a dotnet tool into a temporary tool path, and run
    /// <c>baoji report 2024</c> as its own process against this server; it prints what the API serves.
    /// </summary>
    [Fact]
    public async Task Installed_tool_prints_the_report_the_api_serves()
    {
        using var tool = new InstalledTool();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await tool.InstallAsync();
        output.WriteLine($"dotnet pack + dotnet tool install: {clock.Elapsed.TotalSeconds:F1} s");
        var token = await _server.TokenFor(Baoji);
        // The personal token as a person keeps it: in ~/.config/baoji/token.
        Directory.CreateDirectory(Path.Combine(tool.Home, ".config", "baoji"));
        await File.WriteAllTextAsync(Path.Combine(tool.Home, ".config", "baoji", "token"), token + "\n");

        var json = await tool.RunAsync(["report", "2024", "--perspective", Baoji, "--format", "json", "--url", _server.Url()]);
        var csv = await tool.RunAsync(["report", "2024", "-p", Baoji, "-f", "csv"], ("BAOJI_URL", _server.Url()), ("BAOJI_TOKEN", token));
        var refused = await tool.RunAsync(["report", "2024", "-p", "999999", "--url", _server.Url()]);
        var help = await tool.RunAsync(["--help"]);
        output.WriteLine($"pack, install and four runs of baoji: {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(json.Exit == 0, json.Stderr);
        var api = JsonNode.Parse(await _server.GetTextAsync($"/api/v1/reports/2024?perspective={Baoji}", "application/json"))!;
        var printed = JsonNode.Parse(json.Stdout)!;
        Assert.True(JsonNode.DeepEquals(api, printed), $"the tool printed\n{json.Stdout}\nthe API serves\n{api}");
        Assert.Equal((int)api["staffExchanged"]!["total"]!, (int)printed["staffExchanged"]!["total"]!);
        Assert.True(csv.Exit == 0, csv.Stderr);
        Assert.Equal(await _server.GetBytesAsync($"/api/v1/reports/2024?perspective={Baoji}", "text/csv"), csv.StdoutBytes);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("perspective", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, help.Exit);
        Assert.Contains("Exit codes: 0 done", help.Stdout, StringComparison.Ordinal);
    }

    private async Task<CliRun> Run(string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--url", _server.Url()]);
        Assert.True(run.Exit == 0 || args.Contains("--organization"), $"baoji {string.Join(' ', args)} exited {run.Exit}: {run.Stderr}");
        return run;
    }

    private static string ImportId(CliRun run) => run.Stdout.Split(' ')[1];

    private static async Task<string> CreateVisitAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/visits", new JsonObject
        {
            ["fromOrgId"] = Longxian,
            ["toOrgId"] = Tongshan,
            ["level"] = "bureau",
            ["startDate"] = "2025-04-09",
            ["endDate"] = "2025-04-11",
            ["delegationSize"] = 5,
            ["purpose"] = "陇县教育和体育局领导赴铜山区，商定年度对口帮扶工作计划",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }
}
