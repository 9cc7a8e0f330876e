using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MiniExcelLibs;

namespace Baoji.Exchange.Benchmarks;

/// <summary>
/// The import of a large XLSX through the API, as a school does it: upload (the preview judges every row), commit in
/// the background (followed through its status), then the same file again (nothing created).
/// Usage: dotnet run -c Release --project tests/Baoji.Exchange.Benchmarks -- import [--rows 10000]
/// </summary>
internal static class ImportBenchmark
{
    private const string School = "sx-610327-longxian-vec";
    private const string Partner = "js-320312-tongshan-svs";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.SkipWhile(a => a != "--rows").Skip(1).Select(int.Parse).FirstOrDefault(10_000);
        await using var host = await BenchmarkHost.StartAsync(loadLedger: false);
        var server = host.Server;

        using var admin = Client(server.Url, ServerProcess.AdminToken);
        var issued = await (await admin.PostAsJsonAsync("/api/v1/tokens", new { organizationId = School })).Content.ReadFromJsonAsync<JsonObject>();
        using var school = Client(server.Url, (string)issued!["token"]!);

        var file = Workbook(rows);
        Console.WriteLine($"{rows} rows of school visits: an XLSX of {file.Length / 1024} KiB.");

        var watch = Stopwatch.StartNew();
        var preview = await UploadAsync(school, file);
        var previewTime = watch.Elapsed;
        Report("preview", rows, previewTime, $"{(int)preview["toCreate"]!} to create, {(int)preview["errorRows"]!} rows with errors");

        watch.Restart();
        var committed = await CommitAsync(school, (string)preview["id"]!);
        var commitTime = watch.Elapsed;
        Report("commit", rows, commitTime, $"{(int)committed["created"]!} created, {(int)committed["failed"]!} failed, state {(string?)committed["state"]}");
        Report("upload to last record", rows, previewTime + commitTime, "");

        watch.Restart();
        var again = await UploadAsync(school, file);
        Report("same file again: preview", rows, watch.Elapsed, $"{(int)again["toCreate"]!} to create, {(int)again["alreadyImported"]!} already imported");

        var ok = (int)committed["created"]! == rows && (int)again["toCreate"]! == 0;
        Console.WriteLine(ok ? "OK: every row became one record, and the second import would create none." : "MISMATCH: see the counts above.");
        return ok ? 0 : 1;
    }

    private static byte[] Workbook(int rows)
    {
        var data = Enumerable.Range(1, rows).Select(i => new Dictionary<string, object?>
        {
            ["编号"] = $"B-{i}",
            ["出访单位"] = School,
            ["接待单位"] = Partner,
            ["互访级别"] = "结对学校领导",
            ["开始日期"] = new DateTime(2031, 1, 1).AddDays(i % 360),
            ["结束日期"] = new DateTime(2031, 1, 2).AddDays(i % 360),
            ["代表团人数"] = 1 + (i % 9),
            ["事由"] = $"基准测试第{i}行",
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(data, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static async Task<JsonObject> UploadAsync(HttpClient client, byte[] file)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "benchmark.xlsx" }, { new StringContent("visits"), "kind" } };
        using var response = await client.PostAsync("/api/v1/imports", form);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created ? JsonNode.Parse(body)!.AsObject() : throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    }

    private static async Task<JsonObject> CommitAsync(HttpClient client, string id)
    {
        using var started = await client.PostAsync($"/api/v1/imports/{id}/commit", null);
        var status = JsonNode.Parse(await started.Content.ReadAsStringAsync())!.AsObject();
        var lastShown = DateTime.UtcNow;
        while ((string?)status["state"] == "committing")
        {
            await Task.Delay(500);
            status = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/imports/{id}"))!;
            if (DateTime.UtcNow - lastShown > TimeSpan.FromSeconds(10))
            {
                Console.WriteLine($"  committing: {(int)status["done"]!}/{(int)status["total"]!}");
                lastShown = DateTime.UtcNow;
            }
        }

        return status;
    }

    private static HttpClient Client(string url, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static void Report(string what, int rows, TimeSpan time, string counts) =>
        Console.WriteLine($"{what,-28} {time.TotalSeconds,8:F1} s  {rows / time.TotalSeconds,8:F0} rows/s  {counts}");
}
