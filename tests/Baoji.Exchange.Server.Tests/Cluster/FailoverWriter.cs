using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Baoji.Exchange.Server.Tests.Cluster;

/// <summary>
/// Writes as a careful client of several silos does: one Idempotency-Key per logical write, and on any failure
/// (no connection, a timeout, a 5xx, a 503 with Retry-After) the same request with the same key again, on the next
/// silo, a bounded number of times within a bounded time. Every attempt is reported, for failover timings.
/// Also used by the soak command (tests/Baoji.Exchange.Benchmarks links this file), so it uses no test framework.
/// </summary>
public sealed class FailoverWriter(HttpClient http, IReadOnlyList<string> urls)
{
    /// <summary>How long one attempt may take; the server gives a command up to 45 s, but another silo may answer sooner.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxAttempts { get; init; } = 60;

    /// <summary>The whole logical write, all attempts included.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Called after every attempt (from several threads at once).</summary>
    public Action<WriteAttempt>? Attempted { get; init; }

    /// <summary>POSTs <paramref name="body"/> to <c>/api/v1/{collection}</c> until a silo acknowledges it or the bounds are reached.</summary>
    /// <param name="firstSilo">Index into the silos' URLs of the first attempt; later attempts take the next ones in turn.</param>
    public async Task<WriteResult> WriteAsync(string collection, string key, JsonNode body, int firstSilo, CancellationToken cancellationToken)
    {
        var budget = Stopwatch.StartNew();
        string? lastFailure = null;
        var attempts = 0;
        for (var attempt = 0; attempt < MaxAttempts && budget.Elapsed < Budget; attempt++)
        {
            var url = urls[(firstSilo + attempt) % urls.Count];
            var started = Stopwatch.GetTimestamp();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AttemptTimeout);
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/v1/{collection}") { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                Attempted?.Invoke(new WriteAttempt(url, started, Stopwatch.GetTimestamp(), (int)response.StatusCode));
                if (response.IsSuccessStatusCode)
                {
                    return new WriteResult(key, (string)JsonNode.Parse(text)!["id"]!, attempt + 1, url, Stopwatch.GetTimestamp(), null);
                }

                if ((int)response.StatusCode < 500)
                {
                    // A client error is an answer, not an outage: repeating it would get the same answer.
                    return new WriteResult(key, null, attempt + 1, url, Stopwatch.GetTimestamp(), $"{(int)response.StatusCode}: {text}");
                }

                lastFailure = $"{(int)response.StatusCode} from {url}";
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Attempted?.Invoke(new WriteAttempt(url, started, Stopwatch.GetTimestamp(), 0));
                lastFailure = $"{e.GetType().Name} from {url}: {e.Message}";
            }

            attempts = attempt + 1;
            // The first retry goes straight to the next silo; later ones back off. A Retry-After is honoured only up to
            // a second, because it speaks for the silo that sent it and the next attempt goes to another one.
            if (attempt > 0)
            {
                var backoff = TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(attempt, 5)));
                var asked = retryAfter is { } delay ? TimeSpan.FromTicks(Math.Min(delay.Ticks, TimeSpan.TicksPerSecond)) : TimeSpan.Zero;
                await Task.Delay(asked > backoff ? asked : backoff, cancellationToken);
            }
        }

        return new WriteResult(key, null, attempts, null, Stopwatch.GetTimestamp(), $"not acknowledged within the bounds; last: {lastFailure}");
    }
}

/// <param name="Status">The HTTP status, or 0 when no answer came (refused connection, reset, timeout).</param>
/// <param name="Started">A <see cref="Stopwatch.GetTimestamp"/> value, like <paramref name="Ended"/>.</param>
public sealed record WriteAttempt(string Url, long Started, long Ended, int Status)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <param name="Id">The record's id once a silo acknowledged the write (2xx); null otherwise.</param>
/// <param name="Refusal">Why the write was not acknowledged: a client error, or the bounds were reached.</param>
public sealed record WriteResult(string Key, string? Id, int Attempts, string? AcknowledgedBy, long Ended, string? Refusal)
{
    public bool Acknowledged => Id is not null;
}
