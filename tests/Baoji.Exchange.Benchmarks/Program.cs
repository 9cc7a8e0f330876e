using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Baoji.Exchange.Benchmarks;
using Baoji.Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

// Report latency: the 2024 report with the seeds, then the report of a year holding N records.
// Usage: dotnet run -c Release --project tests/Baoji.Exchange.Benchmarks -- [--records 100000] [--concurrency 32] [--samples 300]
// Or the soak of a cluster that loses silos and storage: ... -- soak [options] (see Soak.cs).
// Or a spreadsheet import of N rows: ... -- import [--rows 10000] (see ImportBenchmark.cs).
if (args is ["soak", .. var soakArgs])
{
    return await Soak.RunAsync(soakArgs);
}

if (args is ["import", .. var importArgs])
{
    return await ImportBenchmark.RunAsync(importArgs);
}

var records = Option("--records", 100_000);
var concurrency = Option("--concurrency", 32);
var samples = Option("--samples", 300);
const int BulkYear = 2030;

var repository = Path.GetDirectoryName(RepositoryPaths.Find("src")) ?? throw new InvalidOperationException("Run from the repository.");
var free = Enumerable.Range(0, 3).Select(_ => new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0)).ToList();
free.ForEach(l => l.Start());
var ports = free.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
free.ForEach(l => l.Stop());
// Azurite in memory: on disk it rewrites its whole table database every five seconds, hundreds of MB at this volume.
// Its blob garbage collection is made daily (see azurite-gc-daily.cjs); the child process inherits these variables.
Environment.SetEnvironmentVariable("BAOJI_AZURITE_DIR", Path.Combine(repository, "infra"));
Environment.SetEnvironmentVariable("NODE_OPTIONS", $"--require {Path.Combine(AppContext.BaseDirectory, "azurite-gc-daily.cjs")}");
await using var azurite = await AzuriteProcess.StartAsync(Path.Combine(repository, "infra"), null, ports[0], ports[1], ports[2], TimeSpan.FromSeconds(60), NullLogger.Instance);
Environment.SetEnvironmentVariable("NODE_OPTIONS", null);
var started = Stopwatch.StartNew();
await using var server = await ServerProcess.StartAsync(repository, azurite.ConnectionString, loadLedger: true);
Console.WriteLine($"Server ready with the 2024 seeds after {started.Elapsed.TotalSeconds:F1} s (Azurite in memory, blob GC daily, server over loopback HTTP).");

using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerProcess.AdminToken);

Print("report 2024, seeds only", await MeasureAsync(http, "/api/v1/reports/2024?perspective=610300", samples));

// Ingest: visits between the five county pairs, through the public API, `concurrency` at a time.
string[][] pairs = [["610324", "320382"], ["610327", "320312"], ["610328", "320381"], ["610329", "320322"], ["610331", "320305"]];
var ingest = Stopwatch.StartNew();
var done = 0;
// While the ingest runs, one client keeps asking for the year's report: its latency under write load.
using var ingestEnded = new CancellationTokenSource();
var underLoad = Task.Run(async () =>
{
    var times = new List<double>();
    while (!ingestEnded.IsCancellationRequested)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync($"/api/v1/reports/{BulkYear}?perspective=610300");
        await response.Content.ReadAsByteArrayAsync();
        times.Add(watch.Elapsed.TotalMilliseconds);
        await Task.Delay(100);
    }

    return times.Order().ToArray();
});
var retried = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, records), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, token) =>
{
    var pair = pairs[i % pairs.Length];
    var start = new DateOnly(BulkYear, 1, 1).AddDays(i % 360);
    var visit = new
    {
        fromOrgId = pair[i % 2],
        toOrgId = pair[1 - (i % 2)],
        level = "bureau",
        startDate = start.ToString("yyyy-MM-dd"),
        endDate = start.AddDays(1).ToString("yyyy-MM-dd"),
        delegationSize = 1 + (i % 9),
        purpose = "benchmark",
        loggedBy = pair[i % 2],
    };
    // As a well-behaved client does: one Idempotency-Key per record, and a 503 retried after its Retry-After.
    var key = $"bench-{i}";
    while (true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits") { Content = JsonContent.Create(visit) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request, token);
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            response.EnsureSuccessStatusCode();
            break;
        }

        Interlocked.Increment(ref retried);
        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5), token);
    }

    if (Interlocked.Increment(ref done) % 10_000 == 0)
    {
        Console.WriteLine($"  {done} records in {ingest.Elapsed.TotalSeconds:F0} s");
    }
});
await ingestEnded.CancelAsync();
Print($"report {BulkYear} during the ingest", await underLoad);
Console.WriteLine($"Ingested {records} visits in {ingest.Elapsed.TotalSeconds:F1} s: {records / ingest.Elapsed.TotalSeconds:F0} records/s at concurrency {concurrency}; {retried} requests answered 503 and retried with the same key (server log: {ServerProcess.LogPath}).");

var report = await http.GetFromJsonAsync<ReportHead>($"/api/v1/reports/{BulkYear}?perspective=610300");
Console.WriteLine($"Report {BulkYear} counts {report!.BureauVisits} bureau visits (expected {records}).");
Print($"report {BulkYear}, {records} records", await MeasureAsync(http, $"/api/v1/reports/{BulkYear}?perspective=610300", samples));
// The paths that read rows rather than maintained totals: the drill-down of the year's largest figure, page by page.
var drillPath = $"/api/v1/reports/{BulkYear}/records?perspective=610300&figure=bureauVisits";
var drill = Stopwatch.StartNew();
var page = await http.GetFromJsonAsync<DrillDownPage>(drillPath);
var firstPage = drill.Elapsed;
var (listed, pagesRead) = (page!.Items.Count, 1);
while (page!.ContinuationToken is { } token)
{
    page = await http.GetFromJsonAsync<DrillDownPage>($"{drillPath}&continuationToken={Uri.EscapeDataString(token)}");
    (listed, pagesRead) = (listed + page!.Items.Count, pagesRead + 1);
}

Console.WriteLine($"Drill-down of bureauVisits {BulkYear} (figure {page.Value}): first page in {firstPage.TotalMilliseconds:F0} ms, " +
    $"all {listed} items in {pagesRead} pages in {drill.Elapsed.TotalSeconds:F1} s.");
var chart = Stopwatch.StartNew();
var png = await http.GetByteArrayAsync($"/api/v1/reports/{BulkYear}/chart.png?perspective=610300");
Console.WriteLine($"Chart {BulkYear}: {png.Length} bytes of PNG in {chart.Elapsed.TotalMilliseconds:F0} ms.");
Print("report 2024 again", await MeasureAsync(http, "/api/v1/reports/2024?perspective=610300", samples));
return 0;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

static async Task<double[]> MeasureAsync(HttpClient http, string path, int count)
{
    for (var i = 0; i < 20; i++)
    {
        (await http.GetAsync(path)).EnsureSuccessStatusCode();
    }

    var times = new double[count];
    for (var i = 0; i < count; i++)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        times[i] = watch.Elapsed.TotalMilliseconds;
        response.EnsureSuccessStatusCode();
    }

    Array.Sort(times);
    return times;
}

static void Print(string label, double[] sorted) =>
    Console.WriteLine($"{label}: n={sorted.Length} p50={sorted[sorted.Length / 2]:F2} ms p95={sorted[(int)(sorted.Length * 0.95)]:F2} ms max={sorted[^1]:F2} ms");

internal sealed record ReportHead(int BureauVisits);

internal sealed record DrillDownPage(decimal Value, IReadOnlyList<object> Items, string? ContinuationToken);
