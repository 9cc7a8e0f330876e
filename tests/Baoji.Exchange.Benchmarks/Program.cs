using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Baoji.Exchange.Benchmarks;
using Baoji.Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

// Report latency: the 2024 report with the seeds, then the report of a year holding N records.
// Usage: dotnet run -c Release --project tests/Baoji.Exchange.Benchmarks -- [--records 100000] [--concurrency 32] [--samples 300]
var records = Option("--records", 100_000);
var concurrency = Option("--concurrency", 32);
var samples = Option("--samples", 300);
const int BulkYear = 2030;

var repository = Path.GetDirectoryName(RepositoryPaths.Find("src")) ?? throw new InvalidOperationException("Run from the repository.");
var free = Enumerable.Range(0, 3).Select(_ => new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0)).ToList();
free.ForEach(l => l.Start());
var ports = free.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
free.ForEach(l => l.Stop());
await using var azurite = await AzuriteProcess.StartAsync(Path.Combine(repository, "infra"), null, ports[0], ports[1], ports[2], TimeSpan.FromSeconds(60), NullLogger.Instance);
var started = Stopwatch.StartNew();
await using var server = await ServerProcess.StartAsync(repository, azurite.ConnectionString, loadLedger: true);
Console.WriteLine($"Server ready with the 2024 seeds after {started.Elapsed.TotalSeconds:F1} s (Azurite in memory, server over loopback HTTP).");

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
await Parallel.ForEachAsync(Enumerable.Range(0, records), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, token) =>
{
    var pair = pairs[i % pairs.Length];
    var start = new DateOnly(BulkYear, 1, 1).AddDays(i % 360);
    var response = await http.PostAsJsonAsync("/api/v1/visits", new
    {
        fromOrgId = pair[i % 2],
        toOrgId = pair[1 - (i % 2)],
        level = "bureau",
        startDate = start.ToString("yyyy-MM-dd"),
        endDate = start.AddDays(1).ToString("yyyy-MM-dd"),
        delegationSize = 1 + (i % 9),
        purpose = "benchmark",
        loggedBy = pair[i % 2],
    }, token);
    response.EnsureSuccessStatusCode();
    if (Interlocked.Increment(ref done) % 10_000 == 0)
    {
        Console.WriteLine($"  {done} records in {ingest.Elapsed.TotalSeconds:F0} s");
    }
});
await ingestEnded.CancelAsync();
Print($"report {BulkYear} during the ingest", await underLoad);
Console.WriteLine($"Ingested {records} visits in {ingest.Elapsed.TotalSeconds:F1} s: {records / ingest.Elapsed.TotalSeconds:F0} records/s at concurrency {concurrency}.");

var report = await http.GetFromJsonAsync<ReportHead>($"/api/v1/reports/{BulkYear}?perspective=610300");
Console.WriteLine($"Report {BulkYear} counts {report!.BureauVisits} bureau visits (expected {records}).");
Print($"report {BulkYear}, {records} records", await MeasureAsync(http, $"/api/v1/reports/{BulkYear}?perspective=610300", samples));
Print("report 2024 again", await MeasureAsync(http, "/api/v1/reports/2024?perspective=610300", samples));

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
