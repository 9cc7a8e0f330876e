using System.Diagnostics;
using Microsoft.Playwright;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// One Azurite, one real server and one browser for every browser flow: started once, each actor in a browser
/// context of its own (its own cookies), as different people at different desks.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private IPlaywright? _playwright;

    public BrowserServer Server { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>How long the fixture took to start (Azurite, server with the 2024 log, browser).</summary>
    public TimeSpan StartTime { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        await Chromium.EnsureInstalledAsync();
        await _azurite.InitializeAsync();
        Server = new BrowserServer(_azurite);
        Server.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = Chromium.Args,
        });
        StartTime = clock.Elapsed;
    }

    /// <summary>
    /// A person at their own browser, signed in on /signin with the account of <paramref name="organizationId"/>'s
    /// clerk, whose name history shows (<see cref="ClerkName"/>).
    /// </summary>
    public async Task<IPage> SignedInAsync(string organizationId)
    {
        var (login, password) = await Server.ClerkAsync(organizationId, ClerkName(organizationId));
        return await SignedInAsync(login, password);
    }

    /// <summary>A person at their own browser (a context of its own), signed in on /signin with this login and password.</summary>
    public async Task<IPage> SignedInAsync(string login, string password)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await SignInAsync(page, login, password);
        return page;
    }

    /// <summary>Signs in on /signin in this page's browser and waits until the sign-in has taken the page elsewhere.</summary>
    public static async Task SignInAsync(IPage page, string login, string password)
    {
        // The first request of a fresh server compiles its pages: on a busy machine that alone can take a while.
        await page.GotoAsync("/signin", new() { Timeout = 60_000 });
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    /// <summary>The display name of an organisation's clerk: 办事员 and the organisation id, so each is told apart.</summary>
    public static string ClerkName(string organizationId) => $"办事员{organizationId}";

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web-app";
}
