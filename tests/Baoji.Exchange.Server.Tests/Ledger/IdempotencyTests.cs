using System.Net;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>Idempotency-Key on creating POSTs: a repeat creates nothing; the same key with another body is 422.</summary>
[Collection(LedgerCollection.Name)]
public sealed class IdempotencyTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "idempotency");

    [Theory, MemberData(nameof(KindCase.Collections), MemberType = typeof(KindCase))]
    public async Task Five_concurrent_posts_with_one_key_create_one_record_and_all_return_it(string collection)
    {
        var kind = KindCase.All[collection];
        var logger = await _server.ActingFor(kind.Logger);
        var before = await _server.Admin().ListAllAsync(collection, kind.Logger, kind.Years[0]);
        var key = $"key-{Guid.NewGuid():N}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => logger.PostJsonAsync($"/api/v1/{collection}", kind.Body(), key)));
        var records = await Task.WhenAll(responses.Select(r => r.ExpectAsync(HttpStatusCode.Created)));

        var id = Assert.Single(records.Select(r => r.Id()).Distinct());
        Assert.All(records, r => Assert.Equal(1, r.Version()));
        Assert.All(responses, r => Assert.Equal("\"1\"", r.Headers.ETag?.Tag));
        var after = await _server.Admin().ListAllAsync(collection, kind.Logger, kind.Years[0]);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Single(after, r => r.Id() == id);
        var stored = await _server.Admin().ReadAsync(collection, id);
        Assert.Equal(1, stored.Version());
        Assert.Single(stored.History());
    }

    [Fact]
    public async Task A_later_repeat_returns_the_first_record()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var key = $"key-{Guid.NewGuid():N}";
        var first = await logger.CreateAsync("visits", Bodies.Visit(), key);
        // The record moves on; the repeat still names it (and does not create or reset anything).
        await (await (await _server.ActingFor(Bodies.Tongshan)).PostJsonAsync($"/api/v1/visits/{first.Id()}/confirmation",
            new System.Text.Json.Nodes.JsonObject { ["orgId"] = Bodies.Tongshan })).ExpectAsync(HttpStatusCode.OK);

        var repeat = await logger.CreateAsync("visits", Bodies.Visit(), key);

        Assert.Equal(first.Id(), repeat.Id());
        Assert.Equal(("confirmed", 2), (repeat.Status(), repeat.Version()));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var key = $"key-{Guid.NewGuid():N}";
        var first = await logger.CreateAsync("visits", Bodies.Visit(), key);
        var before = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024);
        var other = Bodies.Visit();
        other["delegationSize"] = 7;

        await (await logger.PostJsonAsync("/api/v1/visits", other, key)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");

        var after = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024);
        Assert.Equal(before.Select(r => r.Id()).Order(), after.Select(r => r.Id()).Order());
        var stored = await _server.Admin().ReadAsync("visits", first.Id());
        Assert.Equal((1, 5), (stored.Version(), (int)stored["delegationSize"]!));
    }

    [Fact]
    public async Task Keys_are_per_caller_and_per_collection()
    {
        var key = $"key-{Guid.NewGuid():N}";
        var byCounty = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit(), key);
        var byCity = await (await _server.ActingFor("610300")).CreateAsync("visits", Bodies.Visit(), key);
        var agreement = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("agreements", Bodies.Agreement(), key);

        Assert.Equal(3, new[] { byCounty.Id(), byCity.Id(), agreement.Id() }.Distinct().Count());
    }

    [Fact]
    public async Task A_keyed_record_is_recognised_after_more_changes_than_it_remembers()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var key = $"key-{Guid.NewGuid():N}";
        var first = await logger.CreateAsync("visits", Bodies.Visit(), key);
        var grains = _server.Services.GetRequiredService<IGrainFactory>();
        // More operations than the record remembers (64): the creating one is kept apart and still recognised.
        for (var i = 0; i < 70; i++)
        {
            var changed = await grains.GetGrain<IRecordGrain>(first.Id()).SetMergedInto($"op-{i}", i % 2 == 0 ? "vis-elsewhere" : null, new Actor("admin", null));
            Assert.Null(changed.Error);
        }

        var repeated = await logger.PostJsonAsync("/api/v1/visits", Bodies.Visit(), key);
        var repeat = await repeated.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(first.Id(), repeat.Id());
        Assert.Equal($"/api/v1/visits/{first.Id()}", repeated.Headers.Location?.OriginalString);
    }
}
