using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Tests.Cluster;

namespace Baoji.Exchange.Benchmarks;

/// <summary>
/// The soak: silos as processes on one Azurite on disk, steady writers with Idempotency-Keys and retries across the
/// silos, rounds of SIGKILL and restart of a random silo, and Azurite restarts among them; then what was acknowledged
/// is read back and compared. Run by hand (see README.md, "Several silos"), never in CI.
/// </summary>
internal static class Soak
{
    public const string Usage =
        "soak [--rounds 3] [--azurite-restarts 1] [--writers 8] [--silos 3] [--settle-seconds 4] [--minutes 10] [--recheck 500]";

    private const int Year = 2031;
    private const string Longxian = "610327";
    private const string Tongshan = "320312";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds", 3);
        var azuriteRestarts = Option(args, "--azurite-restarts", 1);
        var writers = Option(args, "--writers", 8);
        var silos = Option(args, "--silos", 3);
        var settle = TimeSpan.FromSeconds(Option(args, "--settle-seconds", 4));
        var minutes = Option(args, "--minutes", 10);
        var recheck = Option(args, "--recheck", 500);
        if (silos < 2 || writers < 1 || rounds < 0 || azuriteRestarts < 0 || minutes < 1)
        {
            Console.Error.WriteLine($"Usage: {Usage} (at least 2 silos and 1 writer)");
            return 2;
        }

        // Chaos stops after --minutes; winding down (the writes in flight, the re-checks, the tally) has five more.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(minutes + 5));
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var elapsed = Stopwatch.StartNew();
        var repository = Path.GetDirectoryName(RepositoryPaths.Find("src")) ?? throw new InvalidOperationException("Run from the repository.");
        await using var cluster = await SoakCluster.StartAsync(repository, silos, cancel.Token);
        Console.WriteLine($"{silos} silos (AzureTable membership) and Azurite on disk up after {elapsed.Elapsed.TotalSeconds:F0} s; logs in {cluster.WorkDirectory}");

        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SoakCluster.AdminToken);
        var attempts = new ConcurrentQueue<WriteAttempt>();
        var lastSuccessStarted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        // An Azurite restart opens the server's circuit breaker for 15 s: a write's budget outlasts that.
        var writer = new FailoverWriter(http, cluster.Urls)
        {
            Budget = TimeSpan.FromSeconds(90),
            MaxAttempts = 300,
            Attempted = a =>
            {
                attempts.Enqueue(a);
                if (a.Succeeded)
                {
                    lastSuccessStarted.AddOrUpdate(a.Url, a.Started, (_, previous) => Math.Max(previous, a.Started));
                }
            },
        };
        var results = new ConcurrentDictionary<string, WriteResult>(StringComparer.Ordinal);
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stopWriting.IsCancellationRequested; n++)
            {
                var key = $"soak-{w}-{n}";
                results[key] = await writer.WriteAsync("visits", key, Visit(w, n), w + n, cancel.Token);
            }
        })).ToArray();

        var failovers = new List<(TimeSpan FirstSuccess, TimeSpan LastFailure)>();
        var restartsBefore = Enumerable.Range(0, azuriteRestarts).Select(k => (k + 1) * rounds / (azuriteRestarts + 1)).ToList();
        var (roundsDone, restartsDone) = (0, 0);
        for (var round = 0; round <= rounds && elapsed.Elapsed < TimeSpan.FromMinutes(minutes); round++)
        {
            await Task.Delay(settle, cancel.Token);
            foreach (var _ in restartsBefore.Where(r => r == round))
            {
                var down = Stopwatch.StartNew();
                var stopping = await cluster.RestartAzuriteAsync(TimeSpan.FromSeconds(2), cancel.Token);
                restartsDone++;
                Console.WriteLine($"Azurite restart {restartsDone}/{azuriteRestarts}: storage down for {down.Elapsed.TotalSeconds:F1} s " +
                    $"({stopping.TotalSeconds:F1} s of it saving on SIGTERM); {Acknowledged(results)} writes acknowledged so far");
                await Task.Delay(settle, cancel.Token);
            }

            if (round == rounds)
            {
                break;
            }

            var slot = Random.Shared.Next(cluster.Silos);
            var victim = cluster.Urls[slot];
            var killedAt = Stopwatch.GetTimestamp();
            cluster.Kill(slot);
            var survived = await WaitUntilAsync(() => lastSuccessStarted.Any(s => s.Key != victim && s.Value >= killedAt), TimeSpan.FromSeconds(60), cancel.Token);
            await Task.Delay(settle / 2, cancel.Token);
            var restarting = Stopwatch.GetTimestamp();
            await cluster.StartSiloAsync(slot, cancel.Token);
            var onSurvivors = attempts.Where(a => a.Url != victim && a.Started >= killedAt && a.Ended <= restarting).ToList();
            var first = onSurvivors.Where(a => a.Succeeded).Select(a => a.Ended).DefaultIfEmpty().Min();
            var lastFailure = onSurvivors.Where(a => !a.Succeeded).Select(a => a.Ended).DefaultIfEmpty(killedAt).Max();
            roundsDone++;
            if (survived && first > 0)
            {
                failovers.Add((Stopwatch.GetElapsedTime(killedAt, first), Stopwatch.GetElapsedTime(killedAt, lastFailure)));
            }

            Console.WriteLine($"Round {roundsDone}/{rounds}: SIGKILL silo {slot}; " +
                (survived && first > 0 ? $"first success on a survivor after {Stopwatch.GetElapsedTime(killedAt, first).TotalSeconds:F2} s, " : "NO success on a survivor within 60 s, ") +
                $"restarted in {Stopwatch.GetElapsedTime(restarting).TotalSeconds:F1} s; {Acknowledged(results)} writes acknowledged so far");
        }

        await Task.Delay(settle, cancel.Token);
        await stopWriting.CancelAsync();
        await Task.WhenAll(writing).WaitAsync(cancel.Token);

        // A write that exhausted its bounds is repeated with its own key, as its client would once the cluster answers:
        // it gets the record stored the first time, if any, or stores it now.
        var unacknowledged = results.Values.Where(r => !r.Acknowledged).ToList();
        foreach (var result in unacknowledged)
        {
            var (w, n) = ParseKey(result.Key);
            results[result.Key] = await writer.WriteAsync("visits", result.Key, Visit(w, n), 0, cancel.Token);
        }

        // The same key again must name the same record: a sample of acknowledged keys is written once more.
        var twoIds = 0;
        foreach (var result in results.Values.Where(r => r.Acknowledged).OrderBy(_ => Random.Shared.Next()).Take(recheck).ToList())
        {
            var (w, n) = ParseKey(result.Key);
            var again = await writer.WriteAsync("visits", result.Key, Visit(w, n), n, cancel.Token);
            twoIds += again.Acknowledged && again.Id != result.Id ? 1 : 0;
        }

        var ids = results.Values.Where(r => r.Acknowledged).Select(r => r.Id!).ToList();
        var sharedIds = ids.Count - ids.Distinct(StringComparer.Ordinal).Count();
        // Up to 30 s for projections caught by a kill to be finished by the background repair (ProjectionRepair, 15 s), as in TwoSiloTests.
        LedgerTally? tally = null;
        var converging = Stopwatch.StartNew();
        while (tally is not { Agrees: true } && converging.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (tally is not null)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancel.Token);
            }

            tally = await LedgerTally.TakeAsync(http, cluster.Urls, ids, Longxian, "610300", Year, cancel.Token);
        }

        var stillUnacknowledged = results.Values.Count(r => !r.Acknowledged);
        Console.WriteLine();
        Console.WriteLine($"Soak: {silos} silos, {writers} writers, {roundsDone} rounds of SIGKILL + restart, {restartsDone} Azurite restarts, " +
            $"{attempts.Count} attempts for {results.Count} writes, {elapsed.Elapsed.TotalMinutes:F1} min.");
        Console.WriteLine($"acknowledged  {tally!.Acknowledged} ({unacknowledged.Count} writes were not acknowledged within their bounds and were repeated " +
            $"with their key at the end; {stillUnacknowledged} still not)");
        Console.WriteLine($"stored        {tally.Stored}");
        Console.WriteLine($"counted       {tally.Counted} (the {Year} report's bureau visits)");
        Console.WriteLine($"listed        {tally.Listed}");
        var duplicates = tally.ListedTwice + tally.Unacknowledged + twoIds + sharedIds;
        Console.WriteLine($"duplicates    {duplicates} (ids listed twice {tally.ListedTwice}; records in the year no acknowledged write names {tally.Unacknowledged}; " +
            $"keys re-sent ({Math.Min(recheck, ids.Count)}) that named another record {twoIds}; ids acknowledged for two keys {sharedIds})");
        Console.WriteLine($"lost          {tally.Lost + Math.Max(0, tally.Acknowledged - tally.Counted)} (acknowledged but not stored or not listed {tally.Lost}; " +
            $"counted {tally.Counted - tally.Acknowledged:+#;-#;0} against acknowledged)");
        Console.WriteLine($"audit         {(tally.AuditDifferences == 0 ? "equal (no differences)" : $"{tally.AuditDifferences} differences: {tally.Audit}")}");
        Console.WriteLine($"failover      {Spread(failovers.Select(f => f.FirstSuccess))} (SIGKILL → first write a survivor acknowledged; " +
            $"last failed attempt on a survivor: {Spread(failovers.Select(f => f.LastFailure))})");
        return tally.Agrees && duplicates == 0 && stillUnacknowledged == 0 ? 0 : 1;
    }

    private static int Acknowledged(ConcurrentDictionary<string, WriteResult> results) => results.Values.Count(r => r.Acknowledged);

    private static (int Writer, int N) ParseKey(string key)
    {
        var parts = key.Split('-');
        return (int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>A bureau visit 陇县 → 铜山区 in <see cref="Year"/>; the same key always carries the same body.</summary>
    private static JsonObject Visit(int writer, int n)
    {
        var start = new DateOnly(Year, 1, 1).AddDays((writer * 37 + n) % 360);
        return new JsonObject
        {
            ["fromOrgId"] = Longxian,
            ["toOrgId"] = Tongshan,
            ["level"] = "bureau",
            ["startDate"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["endDate"] = start.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["delegationSize"] = 1 + n % 9,
            ["purpose"] = $"soak, writer {writer}, write {n}",
            ["loggedBy"] = Longxian,
        };
    }

    private static string Spread(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted.Count == 0
            ? "none measured"
            : $"min {sorted[0].TotalSeconds:F2} s, median {sorted[sorted.Count / 2].TotalSeconds:F2} s, max {sorted[^1].TotalSeconds:F2} s over {sorted.Count} kills";
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
