using System.Diagnostics;
using System.Net;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>
/// A storage outage opens the circuit: commands are then refused at once with 503 and Retry-After instead of
/// waiting on storage. The breaker is one per server, so this class has a server of its own.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class CircuitBreakerTests(AzuriteFixture azurite, SharedServer shared, ITestOutputHelper output) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "breaker", withFaults: true);

    [Fact]
    public async Task A_storage_outage_opens_the_circuit_and_answers_fast_503_with_Retry_After_until_storage_is_back()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var before = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024);
        shared.Faults.FailBeforeWrite(100_000);

        TimeSpan? retryAfter = null;
        var slow = new List<TimeSpan>();
        for (var attempt = 0; attempt < 12 && retryAfter is null; attempt++)
        {
            var injectedBefore = shared.Faults.Injected;
            var clock = Stopwatch.StartNew();
            var response = await logger.PostJsonAsync("/api/v1/visits", Bodies.Visit());
            clock.Stop();
            await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "storage");
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            if (shared.Faults.Injected == injectedBefore)
            {
                // Storage was not even tried: the circuit is open.
                output.WriteLine($"attempt {attempt + 1}: open circuit, 503 in {clock.ElapsedMilliseconds} ms, Retry-After {response.Headers.RetryAfter}");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the open circuit answered in {clock.Elapsed}");
                retryAfter = response.Headers.RetryAfter!.Delta;
            }
            else
            {
                output.WriteLine($"attempt {attempt + 1}: {shared.Faults.Injected - injectedBefore} failed writes, 503 in {clock.ElapsedMilliseconds} ms");
                slow.Add(clock.Elapsed);
            }
        }

        Assert.NotNull(retryAfter);
        Assert.InRange(slow.Count, 1, 11);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(5), $"Retry-After {retryAfter}");
        Assert.Equal(before.Count, (await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024)).Count);

        // Storage is back; after Retry-After the client repeats and the command goes through.
        shared.Faults.Reset();
        await Task.Delay(retryAfter!.Value + TimeSpan.FromMilliseconds(500));
        var created = await logger.CreateAsync("visits", Bodies.Visit());
        Assert.Equal(before.Count + 1, (await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024)).Count);
        Assert.Equal(1, (await _server.Admin().ReadAsync("visits", created.Id())).Version());
    }
}
