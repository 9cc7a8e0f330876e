using System.Net;

namespace Baoji.Exchange.Cli;

/// <summary>
/// Repeats a request the server answered 429 or 503 after the Retry-After it asked for, a bounded number of times.
/// The server says both before doing anything lasting (a rate limit, a storage outage: "nothing was lost"), and the
/// CLI's requests are reads, an import preview (a repeat only makes another preview) or a commit (which answers the
/// running one when repeated), so repeating is safe.
/// </summary>
public sealed class RetryAfterHandler(TextWriter log) : DelegatingHandler
{
    public const int MaxRetries = 3;

    /// <summary>A server asking for longer than this is not waited for: the refusal is reported instead.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>Without a Retry-After a 429/503 is waited on this long.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(1);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var retry = 1; ; retry++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || retry > MaxRetries)
            {
                return response;
            }

            var wait = WaitOf(response);
            if (wait > MaxWait)
            {
                return response;
            }

            await log.WriteLineAsync($"note: {(int)response.StatusCode} {response.ReasonPhrase}, retrying in {wait.TotalSeconds:0.#} s as the server asked ({retry}/{MaxRetries}).");
            response.Dispose();
            await Task.Delay(wait, Time, cancellationToken);
        }
    }

    private TimeSpan WaitOf(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - Time.GetUtcNow() : DefaultWait);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
