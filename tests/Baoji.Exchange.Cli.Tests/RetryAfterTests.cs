using System.Diagnostics;
using System.Net;
using System.Text;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Cli.Tests;

/// <summary>A busy server (503 or 429 with Retry-After) is asked again after the time it named, a bounded number of times, over a real socket.</summary>
public sealed class RetryAfterTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _url = $"http://127.0.0.1:{FreePorts.Take(1)[0]}/";

    public RetryAfterTests()
    {
        _listener.Prefixes.Add(_url);
        _listener.Start();
    }

    [Fact]
    public async Task A_503_with_retry_after_1_is_asked_again_a_second_later_and_the_answer_printed()
    {
        var seen = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        var server = ServeAsync(2, n =>
        {
            seen.Add(clock.Elapsed);
            return n == 0 ? (503, "1", """{"title":"Service unavailable","status":503}""") : (200, null, "# 2024 年度报告");
        });

        var run = await Infrastructure.CliRun.RunAsync(["report", "2024", "-p", "610300", "--url", _url, "--token", "t"]);
        await server;

        Assert.True(run.Exit == 0, run.Stderr);
        Assert.Equal("# 2024 年度报告", run.Stdout);
        Assert.Equal(2, seen.Count);
        Assert.True(seen[1] - seen[0] >= TimeSpan.FromSeconds(0.95), $"asked again after {(seen[1] - seen[0]).TotalSeconds:F2} s");
        Assert.Contains("note: 503 Service Unavailable, retrying in 1 s as the server asked (1/3).", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_stays_busy_is_asked_a_bounded_number_of_times_then_reported()
    {
        var server = ServeAsync(1 + Cli.RetryAfterHandler.MaxRetries, _ => (429, "0", """{"title":"Too many requests","status":429,"detail":"Slow down.","errors":{"rateLimit":["Slow down."]}}"""));

        var run = await Infrastructure.CliRun.RunAsync(["records", "list", "-k", "visits", "--url", _url, "--token", "t"]);
        var answered = await server;

        Assert.Equal(1, run.Exit);
        Assert.Equal(1 + Cli.RetryAfterHandler.MaxRetries, answered);
        Assert.Contains("error: HTTP 429 Too Many Requests: Slow down.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_longer_than_the_bound_is_not_waited_for()
    {
        var server = ServeAsync(1, _ => (503, "3600", """{"title":"Service unavailable","status":503}"""));

        var run = await Infrastructure.CliRun.RunAsync(["reconcile", "2024", "-p", "610300", "--url", _url, "--token", "t"]);

        Assert.Equal((1, 1), (run.Exit, await server));
        Assert.Contains("503", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => ((IDisposable)_listener).Dispose();

    /// <summary>Answers <paramref name="count"/> requests, the n-th with <paramref name="answer"/>(n); returns how many it answered.</summary>
    private Task<int> ServeAsync(int count, Func<int, (int Status, string? RetryAfter, string Body)> answer) => Task.Run(async () =>
    {
        for (var n = 0; n < count; n++)
        {
            var context = await _listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var (status, retryAfter, body) = answer(n);
            context.Response.StatusCode = status;
            context.Response.ContentType = status == 200 ? "text/markdown" : "application/problem+json";
            if (retryAfter is not null)
            {
                context.Response.Headers["Retry-After"] = retryAfter;
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }

        return count;
    });
}
