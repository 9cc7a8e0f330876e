using System.Net;
using System.Text.Json.Nodes;

namespace Baoji.Exchange.Server.Tests.Cluster;

/// <summary>
/// What the service holds of the acknowledged visits of one year, read back through the API of any live silo:
/// each record by id, the organisation's list, the city's report and the figures audit.
/// Also used by the soak command (tests/Baoji.Exchange.Benchmarks links this file), so it uses no test framework.
/// </summary>
/// <param name="Acknowledged">Distinct record ids some silo acknowledged (2xx).</param>
/// <param name="Stored">Acknowledged ids that <c>GET /api/v1/visits/{id}</c> finds.</param>
/// <param name="Listed">Entries in the organisation's list of the year, duplicates included.</param>
/// <param name="ListedTwice">Ids the list holds more than once.</param>
/// <param name="Unacknowledged">Listed ids no silo acknowledged (a write that failed on every attempt yet was stored).</param>
/// <param name="Lost">Acknowledged ids not stored or not listed.</param>
/// <param name="Counted">The report's bureau-visit figure.</param>
/// <param name="AuditDifferences">Differences the audit found between the maintained figures and a recomputation.</param>
public sealed record LedgerTally(
    int Acknowledged, int Stored, int Listed, int ListedTwice, int Unacknowledged, int Lost, int Counted, int AuditDifferences, string Audit)
{
    /// <summary>Each acknowledged write stored once, listed once and counted once, nothing else, and the audit agrees.</summary>
    public bool Agrees => Stored == Acknowledged && Listed == Acknowledged && ListedTwice == 0 && Unacknowledged == 0 && Lost == 0
        && Counted == Acknowledged && AuditDifferences == 0;

    public override string ToString() =>
        $"acknowledged {Acknowledged}, stored {Stored}, listed {Listed}, listed twice {ListedTwice}, listed unacknowledged {Unacknowledged}, " +
        $"lost {Lost}, counted {Counted}, audit differences {AuditDifferences}";

    /// <param name="http">Carries the administrator's token.</param>
    /// <param name="urls">The silos; a read that fails on one is repeated on the next.</param>
    /// <param name="organizationId">The party whose list holds all the records (e.g. 陇县 610327).</param>
    /// <param name="perspective">The city whose report counts them as bureau visits (e.g. 610300).</param>
    public static async Task<LedgerTally> TakeAsync(HttpClient http, IReadOnlyList<string> urls, IReadOnlyCollection<string> acknowledged,
        string organizationId, string perspective, int year, CancellationToken cancellationToken)
    {
        var reader = new Reader(http, urls);
        var stored = 0;
        var missing = new HashSet<string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, token) =>
        {
            if (await reader.GetAsync($"/api/v1/visits/{id}", token) is not null)
            {
                Interlocked.Increment(ref stored);
            }
            else
            {
                lock (missing)
                {
                    missing.Add(id);
                }
            }
        });

        var listed = new List<string>();
        string? continuation = null;
        do
        {
            var page = await reader.GetAsync($"/api/v1/visits?organizationId={organizationId}&year={year}&pageSize=1000"
                + (continuation is null ? "" : $"&continuationToken={Uri.EscapeDataString(continuation)}"), cancellationToken)
                ?? throw new InvalidOperationException("The list was not found.");
            listed.AddRange(page["items"]!.AsArray().Select(i => (string)i!["id"]!));
            continuation = (string?)page["continuationToken"];
        }
        while (continuation is not null);

        var acknowledgedSet = acknowledged.ToHashSet(StringComparer.Ordinal);
        var listedSet = listed.ToHashSet(StringComparer.Ordinal);
        missing.UnionWith(acknowledgedSet.Where(id => !listedSet.Contains(id)));
        var report = await reader.GetAsync($"/api/v1/reports/{year}?perspective={perspective}", cancellationToken)
            ?? throw new InvalidOperationException("The report was not found.");
        var audit = await reader.GetAsync($"/api/v1/reports/{year}/audit?perspective={perspective}", cancellationToken)
            ?? throw new InvalidOperationException("The audit was not found.");
        return new LedgerTally(
            acknowledgedSet.Count, stored, listed.Count, listed.Count - listedSet.Count, listedSet.Count(id => !acknowledgedSet.Contains(id)),
            missing.Count, (int)report["bureauVisits"]!, audit["differences"]!.AsArray().Count, audit.ToJsonString());
    }

    /// <summary>GETs that go to the next silo on a failure, bounded; null for a 404.</summary>
    private sealed class Reader(HttpClient http, IReadOnlyList<string> urls)
    {
        private int _next;

        public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
        {
            string? lastFailure = null;
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var url = urls[(Interlocked.Increment(ref _next) & int.MaxValue) % urls.Count];
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(30));
                    using var response = await http.GetAsync(url + path, timeout.Token);
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return null;
                    }

                    var text = await response.Content.ReadAsStringAsync(timeout.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return JsonNode.Parse(text)!.AsObject();
                    }

                    lastFailure = $"{(int)response.StatusCode} from {url}: {text}";
                    if ((int)response.StatusCode < 500)
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    lastFailure = $"{e.GetType().Name} from {url}: {e.Message}";
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }

            throw new InvalidOperationException($"GET {path} failed on every silo; last: {lastFailure}");
        }
    }
}
