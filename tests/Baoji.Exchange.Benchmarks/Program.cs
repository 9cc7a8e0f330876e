using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Benchmarks;

// Ingest beside storage's own speed, in one run on one Azurite (see README "Benchmark").
// Usage: dotnet run -c Release --project tests/Baoji.Exchange.Benchmarks -- [--records 2000] [--sequential 300] [--confirms 500] [--concurrency 32] [--samples 100] [--raw 10000] [--window 10000] [--on-disk]
// Or the soak of a cluster that loses silos and storage: ... -- soak [options] (see Soak.cs).
// Or a spreadsheet import of N rows: ... -- import [--rows 10000] (see ImportBenchmark.cs).
// Or ingest through one silo, then two: ... -- cluster [--records 2000] [--silos 2] (see ClusterIngest.cs).
if (args is ["soak", .. var soakArgs])
{
    return await Soak.RunAsync(soakArgs);
}

if (args is ["import", .. var importArgs])
{
    return await ImportBenchmark.RunAsync(importArgs);
}

if (args is ["cluster", .. var clusterArgs])
{
    return await ClusterIngest.RunAsync(clusterArgs);
}

var records = Option("--records", 2_000);
var sequential = Option("--sequential", Math.Min(300, records));
var confirms = Option("--confirms", Math.Min(500, records));
var concurrency = Option("--concurrency", 32);
var samples = Option("--samples", 100);
// Storage's own rate is a sample (a 100,000-record run need not also write 100,000 raw rows of each kind).
var rawRecords = Math.Min(records, Option("--raw", 10_000));
// With at least two windows of records: the rate of the first and of the last, to see whether ingest stays flat.
var window = Option("--window", 10_000);
const int BulkYear = 2030;
const int WarmUp = 20;

var onDisk = args.Contains("--on-disk");
await using var host = await BenchmarkHost.StartAsync(loadLedger: false, onDisk);
Console.WriteLine($"Azurite {(onDisk ? $"on disk ({host.DataDirectory})" : "in memory")} (blob GC daily), the server over loopback HTTP; load average {File.ReadAllText("/proc/loadavg").Trim()}.");

// Storage's own speed, on the same Azurite, before the server adds anything to it.
var raw = new RawStorage(host.Azurite.ConnectionString);
await raw.PrepareAsync();
// Warmed at both concurrencies, not measured: cold, the first thousand at 32 in flight ran anywhere from 296/s to
// 541/s from one run to the next, and the ratios below divide by them.
await raw.UpsertAsync("warm", 50, 1);
await raw.UpsertAsync("warm-par", 1_000, concurrency);
var upsert1 = await raw.UpsertAsync("seq", sequential, 1);
var upsertN = await raw.UpsertAsync("par", rawRecords, concurrency);
var batch = await raw.BatchAsync("batch", rawRecords);
var blob1 = await raw.BlobPutAsync("seq", sequential, 1);
var blobN = await raw.BlobPutAsync("par", rawRecords, concurrency);

// The audit answers once it has read every record: at 100,000 that is longer than HttpClient's default 100 s.
using var http = new HttpClient { BaseAddress = new Uri(host.Server.Url), Timeout = TimeSpan.FromMinutes(30) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerProcess.AdminToken);
var pairs = BenchmarkVisits.Pairs;
var created = new string[records];
var retried = 0;

// The first records activate the grains every later one shares (figure shards, generation pointers): not measured.
await Timings.MeasureAsync(WarmUp, 4, i => CreateAsync("warm", i));
var before = await host.StorageOperationsAsync();
var ingest1 = await Timings.MeasureAsync(sequential, 1, i => CreateAsync("seq", i));
var afterSequential = await host.StorageOperationsAsync();

// While the ingest runs, one client keeps asking for the year's report: its latency under write load.
using var ingestEnded = new CancellationTokenSource();
var underLoad = Task.Run(async () =>
{
    var times = new List<double>();
    while (!ingestEnded.IsCancellationRequested)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await http.GetAsync($"/api/v1/reports/{BulkYear}?perspective=610300");
        await response.Content.ReadAsByteArrayAsync();
        times.Add(watch.Elapsed.TotalMilliseconds);
        await Task.Delay(100);
    }

    return times.Order().ToArray();
});
var (serverCpu, azuriteCpu) = (BenchmarkHost.CpuSeconds(host.Server.ProcessId), BenchmarkHost.CpuSeconds(host.Azurite.ProcessId));
var ingestN = await Timings.MeasureAsync(records, concurrency, async i => created[i] = await CreateAsync("par", i));
(serverCpu, azuriteCpu) = (BenchmarkHost.CpuSeconds(host.Server.ProcessId) - serverCpu, BenchmarkHost.CpuSeconds(host.Azurite.ProcessId) - azuriteCpu);
await ingestEnded.CancelAsync();
var reportUnderLoad = await underLoad;
var afterIngest = await host.StorageOperationsAsync();
var serverMiB = BenchmarkHost.ResidentMiB(host.Server.ProcessId);
var azuriteMiB = BenchmarkHost.ResidentMiB(host.Azurite.ProcessId);

// The counterpart confirms some of them: a command on an existing record.
var confirmN = await Timings.MeasureAsync(confirms, concurrency, i => ConfirmAsync(i));
var afterConfirm = await host.StorageOperationsAsync();

Console.WriteLine();
Console.WriteLine($"{"path",-44} {"n",6} {"per s",9} {"p50 ms",8} {"p99 ms",8} {"× raw upsert",13}");
Row("raw table upsert, 1 in flight", upsert1, null);
Row($"raw table upsert, {concurrency} in flight", upsertN, null);
Row("raw 100-row batch transaction (rows)", batch, null);
Row("raw 1 KiB blob put, 1 in flight", blob1, null);
Row($"raw 1 KiB blob put, {concurrency} in flight", blobN, null);
Row("POST /api/v1/visits, 1 in flight", ingest1, upsert1);
Row($"POST /api/v1/visits, {concurrency} in flight", ingestN, upsertN);
Row($"POST …/confirmation, {concurrency} in flight", confirmN, upsertN);
if (records >= 2 * window)
{
    var (first, last) = (ingestN.FirstRate(window), ingestN.LastRate(window));
    Console.WriteLine($"POST /api/v1/visits, {concurrency} in flight: first {window:N0} at {first:F0}/s, last {window:N0} at {last:F0}/s ({last / first:P0} of the first).");
}

Console.WriteLine();
PrintOperations("storage operations per record created, 1 in flight", before, afterSequential, sequential);
PrintOperations($"storage operations per record created, {concurrency} in flight", afterSequential, afterIngest, records);
PrintOperations("storage operations per confirmation", afterIngest, afterConfirm, confirms);
// Which side runs out first: on this 2-core machine the server, Azurite and this client share the cores.
Console.WriteLine($"CPU per record created at {concurrency} in flight: server {serverCpu * 1000 / records:F2} ms, Azurite {azuriteCpu * 1000 / records:F2} ms " +
    $"(busy {serverCpu / ingestN.Elapsed.TotalSeconds:P0} and {azuriteCpu / ingestN.Elapsed.TotalSeconds:P0} of one core).");
Console.WriteLine($"Resident memory after the ingest: server {serverMiB:F0} MiB, Azurite {azuriteMiB:F0} MiB; {retried} requests answered 503 and were retried with the same key.");
if (reportUnderLoad.Length > 0)
{
    Print($"report {BulkYear} during the ingest", reportUnderLoad);
}

var expected = WarmUp + sequential + records;
var report = await http.GetFromJsonAsync<ReportHead>($"/api/v1/reports/{BulkYear}?perspective=610300");
Print($"report {BulkYear} idle, {expected} records", await MeasureAsync(http, $"/api/v1/reports/{BulkYear}?perspective=610300", samples));
var ok = report!.BureauVisits == expected;
Console.WriteLine($"Report {BulkYear} counts {report.BureauVisits} bureau visits (expected {expected}): {(ok ? "OK" : "MISMATCH")}. Server log: {ServerProcess.LogPath}.");
// The maintained figures, index rows and register against the records' stored state (the operators' audit).
var auditWatch = System.Diagnostics.Stopwatch.StartNew();
var audit = await http.GetFromJsonAsync<AuditHead>($"/api/v1/reports/{BulkYear}/audit?perspective=610300");
Console.WriteLine($"Audit {BulkYear}: {audit!.Records} records read, {audit.DifferenceCount} differences ({(audit.DifferenceCount == 0 ? "equal" : "NOT EQUAL")}) in {auditWatch.Elapsed.TotalSeconds:F1} s.");
return ok && audit.DifferenceCount == 0 ? 0 : 1;

async Task<string> CreateAsync(string phase, int i)
{
    var visit = BenchmarkVisits.Visit(i, BulkYear);
    // As a well-behaved client does: one Idempotency-Key per record, and a 503 retried after its Retry-After.
    var body = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits") { Content = JsonContent.Create(visit) }, $"bench-{phase}-{i}");
    return (string)body["id"]!;
}

async Task ConfirmAsync(int i)
{
    var pair = pairs[i % pairs.Length];
    await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/visits/{created[i]}/confirmation") { Content = JsonContent.Create(new { orgId = pair[1 - (i % 2)] }) }, $"bench-confirm-{i}");
}

async Task<JsonObject> SendAsync(Func<HttpRequestMessage> make, string key)
{
    while (true)
    {
        using var request = make();
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            var text = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode ? JsonNode.Parse(text)!.AsObject() : throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        }

        Interlocked.Increment(ref retried);
        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5));
    }
}

int Option(string name, int fallback) => BenchmarkVisits.Option(args, name, fallback);

static void Row(string label, Timings t, Timings? rawUpsert) =>
    Console.WriteLine($"{label,-44} {t.Count,6} {t.PerSecond,9:F0} {t.P50,8:F2} {t.P99,8:F2} {(rawUpsert is null ? "" : $"{t.PerSecond / rawUpsert.PerSecond:F3}×"),13}");

static void PrintOperations(string label, IReadOnlyDictionary<string, long> from, IReadOnlyDictionary<string, long> to, int count)
{
    var delta = to.Select(kv => (kv.Key, Count: kv.Value - from.GetValueOrDefault(kv.Key))).Where(d => d.Count > 0).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
    var total = delta.Sum(d => d.Count);
    Console.WriteLine($"{label}: {(double)total / count:F2} ({string.Join(", ", delta.Select(d => $"{d.Key} {(double)d.Count / count:F2}"))})");
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
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        times[i] = watch.Elapsed.TotalMilliseconds;
        response.EnsureSuccessStatusCode();
    }

    Array.Sort(times);
    return times;
}

static void Print(string label, double[] sorted) =>
    Console.WriteLine($"{label}: n={sorted.Length} p50={sorted[sorted.Length / 2]:F2} ms p99={sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]:F2} ms max={sorted[^1]:F2} ms");

internal sealed record ReportHead(int BureauVisits);

internal sealed record AuditHead(int Records, int DifferenceCount);
