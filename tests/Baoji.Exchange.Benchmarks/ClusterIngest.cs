using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Baoji.Exchange.Benchmarks;

/// <summary>
/// Ingest through a cluster: the same records created through one silo, then through two silos sharing one
/// Azurite (each client sends to both in turn), each cluster fresh, with AzureTable membership and Azurite on disk
/// as a deployed cluster has them. Prints both rates beside the raw single-row upsert on the same Azurite, the
/// two-silo rate's ratio to one silo's, and checks that each cluster's report counts every record and its audit is equal.
/// Usage: ... -- cluster [--records 2000] [--concurrency 32] [--silos 2]
/// </summary>
internal static class ClusterIngest
{
    private const int Year = 2030;

    public static async Task<int> RunAsync(string[] args)
    {
        var records = BenchmarkVisits.Option(args, "--records", 2_000);
        var concurrency = BenchmarkVisits.Option(args, "--concurrency", 32);
        var silos = BenchmarkVisits.Option(args, "--silos", 2);
        Console.WriteLine($"Cluster ingest: {records:N0} records at {concurrency} in flight; Azurite on disk, AzureTable membership; load average {File.ReadAllText("/proc/loadavg").Trim()}.");

        var ok = true;
        Timings? single = null;
        foreach (var count in new[] { 1, silos })
        {
            await using var cluster = await SoakCluster.StartAsync(BenchmarkHost.Repository, count, CancellationToken.None);
            var raw = new RawStorage(cluster.ConnectionString);
            await raw.PrepareAsync();
            var upsert = await raw.UpsertAsync($"raw{count}", Math.Min(records, 2_000), concurrency);
            var clients = cluster.Urls.Select(url => new HttpClient { BaseAddress = new Uri(url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", SoakCluster.AdminToken) } }).ToList();
            await Timings.MeasureAsync(20, 4, i => CreateAsync(clients[i % clients.Count], $"warm{count}", i));
            var ingest = await Timings.MeasureAsync(records, concurrency, i => CreateAsync(clients[i % clients.Count], $"run{count}", i));
            single ??= ingest;
            var versus = count == 1 ? "" : $", {ingest.PerSecond / single.PerSecond:F2}× one silo";
            Console.WriteLine($"{count} silo(s): {ingest.PerSecond:F0} records/s (p50 {ingest.P50:F1} ms, p99 {ingest.P99:F1} ms), {ingest.PerSecond / upsert.PerSecond:F3}× raw upsert ({upsert.PerSecond:F0}/s at {concurrency}){versus}.");

            var report = await clients[0].GetFromJsonAsync<JsonObject>($"/api/v1/reports/{Year}?perspective=610300");
            var audit = await clients[^1].GetFromJsonAsync<JsonObject>($"/api/v1/reports/{Year}/audit?perspective=610300");
            var counted = (int)report!["bureauVisits"]!;
            var differences = (int)audit!["differenceCount"]!;
            Console.WriteLine($"  report counts {counted} of {records + 20}; audit: {differences} differences.");
            ok &= counted == records + 20 && differences == 0;
            clients.ForEach(c => c.Dispose());
        }

        return ok ? 0 : 1;
    }

    private static async Task CreateAsync(HttpClient http, string phase, int i)
    {
        var visit = BenchmarkVisits.Visit(i, Year);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits") { Content = JsonContent.Create(visit) };
            request.Headers.Add("Idempotency-Key", $"cluster-{phase}-{i}");
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            return;
        }
    }
}
