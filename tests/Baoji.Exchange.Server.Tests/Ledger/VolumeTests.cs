using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>Records live in rows of their own: many records between one pair in one year grow no grain state.</summary>
[Collection(LedgerCollection.Name)]
public sealed class VolumeTests(AzuriteFixture azurite, SharedServer shared, ITestOutputHelper output) : IClassFixture<SharedServer>
{
    /// <summary>Enough for several list pages of <see cref="PageSize"/>; the 100,000-record run is the benchmark's (README, Benchmark), not CI's.</summary>
    private const int Records = 1_600;
    private const int PageSize = 400;
    private readonly ServerFactory _server = shared.Get(azurite, "volume");

    [Fact]
    public async Task Thousands_of_records_between_one_pair_in_one_year_are_stored_and_listed_page_by_page()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var admin = _server.Admin();
        var before = (await admin.ListAllAsync("visits", Bodies.Longxian, 2024)).Select(r => r.Id()).ToHashSet();
        var created = new ConcurrentBag<string>();
        var done = 0;
        var clock = Stopwatch.StartNew();

        // One by one through the API, 16 requests at a time, as a client that follows the contract: each record
        // under its own Idempotency-Key, a 503 repeated after its Retry-After (the suite runs beside this test).
        var run = Guid.NewGuid().ToString("N")[..8];
        await Parallel.ForEachAsync(Enumerable.Range(0, Records), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var body = Bodies.Visit();
            var day = new DateOnly(2024, 1, 1).AddDays(i % 366);
            body["startDate"] = day.ToString("yyyy-MM-dd");
            body["endDate"] = day.ToString("yyyy-MM-dd");
            body["purpose"] = $"第 {i + 1} 次交流";
            var response = await logger.PostJsonAsync("/api/v1/visits", body, $"vol-{run}-{i}");
            for (var attempt = 1; response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5; attempt++)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                response = await logger.PostJsonAsync("/api/v1/visits", body, $"vol-{run}-{i}");
            }

            created.Add((await response.ExpectAsync(HttpStatusCode.Created)).Id());
            if (Interlocked.Increment(ref done) is var count && count % 400 == 0)
            {
                output.WriteLine($"{count} created at {clock.Elapsed.TotalSeconds:F1} s");
            }
        });
        var writing = clock.Elapsed;

        clock.Restart();
        var pages = 0;
        var listed = new List<string>();
        string? token = null;
        do
        {
            var url = $"/api/v1/visits?organizationId={Bodies.Longxian}&year=2024&pageSize={PageSize}"
                + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await (await admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            var items = page["items"]!.AsArray();
            Assert.InRange(items.Count, 0, PageSize);
            listed.AddRange(items.Select(r => (string)r!["id"]!));
            token = (string?)page["continuationToken"];
            pages++;
        }
        while (token is not null);
        var listing = clock.Elapsed;

        output.WriteLine($"created {Records} records in {writing.TotalSeconds:F1} s ({Records / writing.TotalSeconds:F0}/s, 16 in parallel); " +
            $"listed {listed.Count} in {pages} pages in {listing.TotalSeconds:F1} s");
        Assert.Equal(Records, created.Distinct().Count());
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(before.Count + Records, listed.Count);
        Assert.Subset(listed.ToHashSet(), created.ToHashSet());
        Assert.True(pages >= Records / PageSize, $"{pages} pages");
        // The counterpart's listing holds them all as well, and the grains still answer.
        var counterpart = (await admin.ListAllAsync("visits", Bodies.Tongshan, 2024)).Select(r => r.Id()).ToHashSet();
        Assert.Subset(counterpart, created.ToHashSet());
        var last = await admin.ReadAsync("visits", created.Last());
        Assert.Equal(1, last.Version());
    }
}
