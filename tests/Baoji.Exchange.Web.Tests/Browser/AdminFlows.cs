using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Browser;

/// <summary>
/// 管理 in a real browser: the administrator creates a 陇县 clerk's account, who then signs in with the password shown
/// (and changes it on 修改密码); and issues an API token, which works on the API until it is revoked on the same page.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class AdminFlows(WebAppFixture app, ITestOutputHelper output)
{
    private const string LongxianName = "陇县教育和体育局";

    [Fact]
    public async Task The_administrator_creates_a_clerks_account_and_issues_then_revokes_a_token_on_the_admin_page()
    {
        var clock = Stopwatch.StartNew();
        var page = await app.SignedInAsync("admin", BrowserServer.AdminPassword);
        page.SetDefaultTimeout(40_000);
        await OpenAdminAsync(page);

        // An account for a 陇县 clerk, the password left out: one is generated and shown once.
        var login = $"lx-clerk-{Guid.NewGuid():N}"[..16];
        await page.Locator("#field-login input").FillAsync(login);
        await page.Locator("#field-displayName input").FillAsync("陇县张老师");
        await SearchSelectAsync(page, "#field-account-org", LongxianName);
        await page.ClickAsync("#account-create");
        var password = (await page.Locator("#account-password [data-secret]").InnerTextAsync()).Trim();
        var row = page.Locator($"#accounts tr[data-login='{login}']");
        await row.WaitForAsync();
        Assert.Contains(LongxianName, await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("正常", (await row.Locator(".baoji-account-status").InnerTextAsync()).Trim());

        // Signed out, the clerk signs in with that password and acts for 陇县.
        await SignOutAsync(page);
        await WebAppFixture.SignInAsync(page, login, password);
        Assert.Contains(LongxianName, await page.Locator(".baoji-user").InnerTextAsync(), StringComparison.Ordinal);

        // The clerk replaces the generated password with one of their own (修改密码 in the header), then signs in with it.
        await page.ClickAsync(".baoji-account-link");
        await page.Locator("#interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("#field-currentPassword input").FillAsync(password);
        await page.Locator("#field-newPassword input").FillAsync("Longxian-Clerk-2025");
        await page.Locator("#field-repeat input").FillAsync("Longxian-Clerk-2025");
        await page.ClickAsync("#change-password");
        await page.Locator("#password-changed").WaitForAsync();
        await WebAppFixture.SignInAsync(page, login, "Longxian-Clerk-2025");
        Assert.Contains(LongxianName, await page.Locator(".baoji-user").InnerTextAsync(), StringComparison.Ordinal);
        await SignOutAsync(page);

        // Back as the administrator: a token for 陇县, listed as valid, works on the API.
        await WebAppFixture.SignInAsync(page, "admin", BrowserServer.AdminPassword);
        await OpenAdminAsync(page);
        await SearchSelectAsync(page, "#field-token-org", LongxianName);
        await page.Locator("#field-label input").FillAsync("浏览器测试同步");
        await page.ClickAsync("#token-issue");
        var token = (await page.Locator("#issued-token [data-secret]").InnerTextAsync()).Trim();
        var tokenRow = page.Locator($"#tokens tr[data-token='{token.Split('.')[1]}']");
        await tokenRow.WaitForAsync();
        var shown = await tokenRow.InnerTextAsync();
        Assert.Contains(LongxianName, shown, StringComparison.Ordinal);
        Assert.Contains("浏览器测试同步", shown, StringComparison.Ordinal);
        Assert.Equal("有效", (await tokenRow.Locator(".baoji-token-status").InnerTextAsync()).Trim());
        Assert.DoesNotContain(token, await page.Locator("#tokens").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "admin-tokens");
        using var api = new HttpClient { BaseAddress = app.Server.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/organizations/610327")).StatusCode);

        // Revoked after the confirmation: listed as revoked, and the API refuses it.
        await ConfirmRevokeAsync(page, tokenRow);
        await Assertions.Expect(tokenRow.Locator(".baoji-token-status")).ToHaveTextAsync("已吊销");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/organizations/610327")).StatusCode);
        output.WriteLine($"admin flow: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task The_signed_in_administrator_sees_the_cluster_on_the_orleans_dashboard_and_a_clerk_is_refused()
    {
        var page = await app.SignedInAsync("admin", BrowserServer.AdminPassword);
        page.SetDefaultTimeout(40_000);
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                blocked.Add(message.Text);
            }
        };

        await page.GotoAsync("/dashboard");

        // The dashboard's own scripts load under the site's Content-Security-Policy and fill the page from the cluster.
        await Assertions.Expect(page).ToHaveTitleAsync("Orleans Dashboard");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Silo", new() { IgnoreCase = true });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.DoesNotContain(blocked, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await Screenshots.SaveAsync(page, "dashboard");

        // A clerk signed in at their own browser is sent to the sign-in page, not shown the cluster.
        var clerk = await app.SignedInAsync("610327");
        await clerk.GotoAsync("/dashboard");
        Assert.Contains("/signin", clerk.Url, StringComparison.Ordinal);
        Assert.NotEqual("Orleans Dashboard", await clerk.TitleAsync());
    }

    /// <summary>Signs out with the header's button; the site then asks for a sign-in again.</summary>
    private static async Task SignOutAsync(IPage page)
    {
        await page.ClickAsync(".baoji-signout button");
        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
    }

    private static async Task OpenAdminAsync(IPage page)
    {
        await page.GotoAsync("/admin");
        await page.Locator("#interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>Types into a searchable drop-down and picks the option; retried while Ant Design's script hooks it up.</summary>
    private static async Task SearchSelectAsync(IPage page, string container, string option)
    {
        var item = page.Locator(".ant-select-dropdown:visible .ant-select-item-option", new() { HasText = option }).First;
        var shown = page.Locator($"{container} .ant-select-selection-item").First;
        for (var attempt = 0; ; attempt++)
        {
            await page.Locator($"{container} .ant-select").First.ClickAsync();
            try
            {
                await page.Locator($"{container} input").First.FillAsync(option);
                await item.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 });
                await page.WaitForTimeoutAsync(300);
                await item.ClickAsync(new() { Timeout = 5_000 });
                await Assertions.Expect(shown).ToContainTextAsync(option, new() { Timeout = 3_000 });
                return;
            }
            catch (Exception e) when (attempt < 3 && e is TimeoutException or PlaywrightException)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    /// <summary>Clicks 吊销 and then 吊销 again in the confirmation that pops up.</summary>
    private static async Task ConfirmRevokeAsync(IPage page, ILocator row)
    {
        var confirm = page.Locator(".ant-popover:visible .ant-popover-buttons .ant-btn-primary").First;
        for (var attempt = 0; ; attempt++)
        {
            await row.Locator(".baoji-revoke").ClickAsync();
            try
            {
                await confirm.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 });
                await confirm.ClickAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (Exception e) when (attempt < 3 && e is TimeoutException or PlaywrightException)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }
}
