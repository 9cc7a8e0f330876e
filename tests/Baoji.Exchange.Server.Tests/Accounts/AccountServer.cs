using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Accounts;

/// <summary>
/// The server of the account tests (seeded registry), with one page that needs a sign-in, "/test-page", standing in
/// for the pages another part builds: it challenges like any page behind the default scheme.
/// </summary>
public sealed class AccountServer : IAsyncLifetime
{
    public const string PagePath = "/test-page";

    private readonly Lock _gate = new();
    private ServerFactory? _server;

    public ServerFactory Get(AzuriteFixture azurite)
    {
        lock (_gate)
        {
            return _server ??= new ServerFactory(azurite, SharedServer.NewServiceId("accounts"),
                testServices: s => s.AddTransient<IStartupFilter, TestPage>());
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

    private sealed class TestPage : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, following) =>
            {
                if (http.Request.Path == PagePath)
                {
                    await http.ChallengeAsync();
                    return;
                }

                await following();
            });
            next(app);
        };
    }
}
