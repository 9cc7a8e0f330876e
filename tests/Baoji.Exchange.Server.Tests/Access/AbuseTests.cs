using System.Net;
using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Access;

/// <summary>Rate limits per token and the memory of unknown tokens, on a server whose limit is 3 requests a minute.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AbuseTests(AzuriteFixture azurite, AbuseServer shared) : IClassFixture<AbuseServer>
{
    [Fact]
    public async Task A_token_over_its_limit_gets_429_with_Retry_After_and_nothing_is_stored_while_other_tokens_go_on()
    {
        var server = shared.Get(azurite);
        var school = await server.ActingFor(Bodies.LongxianVocational);
        for (var i = 0; i < AbuseServer.Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await school.GetAsync($"/api/v1/organizations/{Bodies.LongxianVocational}")).StatusCode);
        }

        var refused = await school.PostJsonAsync("/api/v1/visits", Bodies.Visit(Bodies.LongxianVocational, Bodies.TongshanVocational, "school"));

        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "rateLimit");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After {refused.Headers.RetryAfter}");
        // Another token has a limit of its own; the refused write stored nothing.
        Assert.Empty(await server.Admin().ListAllAsync("visits", Bodies.LongxianVocational, 2024));
    }

    [Fact]
    public async Task A_made_up_token_asks_its_grain_once_and_then_is_remembered_as_unknown()
    {
        var server = shared.Get(azurite);
        var madeUp = server.WithToken("bx1.00112233445566ff.made-up-secret");
        var before = shared.Calls.Verify;

        Assert.Equal(HttpStatusCode.Unauthorized, (await madeUp.GetAsync("/api/v1/organizations/610300")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await madeUp.GetAsync("/api/v1/organizations/610300")).StatusCode);

        Assert.Equal(before + 1, shared.Calls.Verify);
    }
}

/// <summary>Counts the calls token grains take.</summary>
public sealed class TokenGrainCalls : IIncomingGrainCallFilter
{
    private int _verify;

    public int Verify => Volatile.Read(ref _verify);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod.DeclaringType == typeof(ITokenGrain) && context.InterfaceMethod.Name == nameof(ITokenGrain.Verify))
        {
            Interlocked.Increment(ref _verify);
        }

        return context.Invoke();
    }
}

public sealed class AbuseServer : IAsyncLifetime
{
    public const int Limit = 3;

    private readonly Lock _gate = new();
    private ServerFactory? _server;

    public TokenGrainCalls Calls { get; } = new();

    public ServerFactory Get(AzuriteFixture azurite)
    {
        lock (_gate)
        {
            return _server ??= new ServerFactory(azurite, SharedServer.NewServiceId("abuse"), testServices: s => s.AddSingleton<IIncomingGrainCallFilter>(Calls))
            {
                Settings = new Dictionary<string, string> { ["RateLimits:PermitLimit"] = $"{Limit}", ["RateLimits:WindowSeconds"] = "600" },
            };
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
