using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>
/// Grain storage writes that fail (injected in front of the real Azure Table storage): a retried command is applied
/// exactly once, whether the write failed before storing or after.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class FaultTests : IClassFixture<SharedServer>, IDisposable
{
    private readonly ServerFactory _server;
    private readonly FaultInjector _faults;

    public FaultTests(AzuriteFixture azurite, SharedServer shared)
    {
        _server = shared.Get(azurite, "faults", withFaults: true);
        _faults = shared.Faults;
        _faults.Reset();
    }

    public void Dispose() => _faults.Reset();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_write_that_fails_once_is_retried_and_the_record_is_stored_once(bool afterWriting)
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var before = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024);
        if (afterWriting)
        {
            _faults.FailAfterWrite(1, "record");
        }
        else
        {
            _faults.FailBeforeWrite(1, "record");
        }

        var created = await logger.CreateAsync("visits", Bodies.Visit());

        Assert.Equal(1, _faults.Injected);
        var after = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Single(after, r => r.Id() == created.Id());
        var stored = await _server.Admin().ReadAsync("visits", created.Id());
        Assert.Equal(1, stored.Version());
        Assert.Equal("created", (string?)Assert.Single(stored.History())["action"]);
    }

    [Fact]
    public async Task When_the_retries_are_exhausted_the_client_gets_503_and_its_repeat_stores_the_record_once()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var before = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024);
        var key = $"key-{Guid.NewGuid():N}";
        // Every attempt of the command fails (the first and all of Polly's retries).
        _faults.FailBeforeWrite(10, "record");

        var failed = await logger.PostJsonAsync("/api/v1/visits", Bodies.Visit(), key);

        await failed.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "storage");
        Assert.True(failed.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {failed.Headers.RetryAfter}");
        Assert.True(_faults.Injected >= 2, $"{_faults.Injected} attempts");
        Assert.Equal(before.Count, (await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024)).Count);

        _faults.Reset();
        var created = await logger.CreateAsync("visits", Bodies.Visit(), key);
        var again = await logger.CreateAsync("visits", Bodies.Visit(), key);

        Assert.Equal(created.Id(), again.Id());
        var after = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Single(after, r => r.Id() == created.Id());
        var stored = await _server.Admin().ReadAsync("visits", created.Id());
        Assert.Equal((1, 1), (stored.Version(), stored.History().Count));
    }

    [Fact]
    public async Task A_keyed_create_whose_stored_write_reports_failure_is_retried_and_creates_one_record()
    {
        // The Idempotency-Key's claim is the record itself (its id is derived from the key): the write stores the
        // record and then fails, the retry finds the record it wrote and answers it instead of writing a second.
        var logger = await _server.ActingFor(Bodies.Longxian);
        var before = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024);
        _faults.FailAfterWrite(1, "record");

        var created = await logger.CreateAsync("visits", Bodies.Visit(), $"key-{Guid.NewGuid():N}");

        Assert.Equal(1, _faults.Injected);
        Assert.Equal(before.Count + 1, (await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024)).Count);
        Assert.Equal(1, (await _server.Admin().ReadAsync("visits", created.Id())).Version());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_confirmation_whose_write_fails_is_retried_and_recorded_once(bool afterWriting)
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var counterpart = await _server.ActingFor(Bodies.Tongshan);
        if (afterWriting)
        {
            _faults.FailAfterWrite(1, "record");
        }
        else
        {
            _faults.FailBeforeWrite(1, "record");
        }

        var confirmed = await (await counterpart.PostJsonAsync($"/api/v1/visits/{created.Id()}/confirmation",
            new JsonObject { ["orgId"] = Bodies.Tongshan })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, _faults.Injected);
        Assert.Equal(("confirmed", 2), (confirmed.Status(), confirmed.Version()));
        var stored = await _server.Admin().ReadAsync("visits", created.Id());
        Assert.Equal(("confirmed", 2), (stored.Status(), stored.Version()));
        Assert.Single(stored.History(), h => (string?)h["action"] == "confirmed");
        Assert.Single(await _server.Admin().ListAllAsync("visits", Bodies.Tongshan, 2024, status: "confirmed"), r => r.Id() == created.Id());
    }

    [Fact]
    public async Task A_correction_whose_write_fails_after_writing_is_applied_once()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var created = await logger.CreateAsync("visits", Bodies.Visit());
        _faults.FailAfterWrite(1, "record");

        var corrected = await (await logger.PatchJsonAsync($"/api/v1/visits/{created.Id()}",
            new JsonObject { ["reason"] = "人数更正", ["changes"] = new JsonObject { ["delegationSize"] = 6 } }, "\"1\"")).ExpectAsync(HttpStatusCode.OK);

        // The retry is recognised by its operation id rather than refused as a stale If-Match.
        Assert.Equal(1, _faults.Injected);
        Assert.Equal(2, corrected.Version());
        var stored = await _server.Admin().ReadAsync("visits", created.Id());
        Assert.Equal(["created", "corrected"], stored.History().Select(h => (string)h["action"]!));
        Assert.Equal(6, (int)stored["delegationSize"]!);
    }

    [Fact]
    public async Task A_withdrawal_whose_write_fails_after_writing_is_applied_once()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var created = await logger.CreateAsync("visits", Bodies.Visit());
        _faults.FailAfterWrite(1, "record");

        var withdrawn = await (await logger.PostJsonAsync($"/api/v1/visits/{created.Id()}/withdrawal",
            new JsonObject { ["reason"] = "重复登记" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, _faults.Injected);
        Assert.Equal(("withdrawn", 2), (withdrawn.Status(), withdrawn.Version()));
        var stored = await _server.Admin().ReadAsync("visits", created.Id());
        Assert.Equal(["created", "withdrawn"], stored.History().Select(h => (string)h["action"]!));
    }
}
