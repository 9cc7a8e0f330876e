using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Browser;

/// <summary>
/// Issue 10's acceptance flows in a real browser (Debian's chromium) against the real server and Azurite: people of
/// both sides log, find, confirm, dispute and correct records, and a city analyst finds a visit behind its figure.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class BrowserFlows(WebAppFixture app, ITestOutputHelper output)
{
    private const string Baoji = "610300";
    private const string Longxian = "610327";
    private const string Tongshan = "320312";

    [Fact]
    public async Task A_visit_Longxian_logs_is_confirmed_by_Tongshan_and_found_behind_Baojis_figure()
    {
        var clock = Stopwatch.StartNew();
        var analyst = await app.SignedInAsync(Baoji);
        await analyst.GotoAsync("/figures?year=2024");
        var before = await FigureAsync(analyst, "bureauVisits");

        var clerk = await app.SignedInAsync(Longxian);
        var id = await LogVisitAsync(clerk, "铜山区", "2024-05-10", "2024-05-12", 6, "职业教育合作交流", screenshot: true);
        await Screenshots.SaveAsync(clerk, "record");

        var counterpart = await app.SignedInAsync(Tongshan);
        await counterpart.GotoAsync("/");
        var row = counterpart.Locator($"[data-list='awaiting'] tr[data-record='{id}']");
        await row.WaitForAsync();
        await Screenshots.SaveAsync(counterpart, "workbench");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await InteractiveAsync(counterpart);
        await counterpart.ClickAsync("#confirm");
        await counterpart.Locator("h1 .ant-tag", new() { HasText = "已确认" }).WaitForAsync();

        await analyst.ReloadAsync();
        Assert.Equal(before + 1, await FigureAsync(analyst, "bureauVisits"));
        await Screenshots.SaveAsync(analyst, "figures");
        await analyst.ClickAsync("[data-figure='bureauVisits']");
        await analyst.Locator($"#figure-items [data-record='{id}']").WaitForAsync();
        await Screenshots.SaveAsync(analyst, "figure-records");

        // The city's other pages: 对账 (duplicates side by side) and 管理 (its organisations and pairings).
        await analyst.GotoAsync("/reconciliation?year=2024");
        await InteractiveAsync(analyst);
        await analyst.Locator("[data-list='unconfirmed'], .ant-empty").First.WaitForAsync();
        await Screenshots.SaveAsync(analyst, "reconciliation");
        await analyst.GotoAsync("/admin");
        await InteractiveAsync(analyst);
        // The interactive page reads again once its circuit is up: wait for that rendering before the screenshot.
        await Assertions.Expect(analyst.Locator("#organizations")).ToContainTextAsync("陇县");
        await analyst.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Screenshots.SaveAsync(analyst, "admin");
        output.WriteLine($"flow a: {clock.Elapsed.TotalSeconds:0.0} s (fixture start {app.StartTime.TotalSeconds:0.0} s)");
    }

    [Fact]
    public async Task A_disputed_visit_shows_under_disputed_and_its_logger_corrects_it_with_a_reason()
    {
        var clock = Stopwatch.StartNew();
        var clerk = await app.SignedInAsync(Longxian);
        var id = await LogVisitAsync(clerk, "铜山区", "2024-06-03", "2024-06-04", 5, "校长跟岗交流");

        var counterpart = await app.SignedInAsync(Tongshan);
        await counterpart.GotoAsync($"/records/{id}");
        await InteractiveAsync(counterpart);
        await counterpart.Locator("#reason").FillAsync("人数不符，实为 8 人");
        await counterpart.ClickAsync("#dispute");
        await counterpart.Locator("h1 .ant-tag", new() { HasText = "有异议" }).WaitForAsync();

        await clerk.GotoAsync("/");
        var row = clerk.Locator($"[data-list='disputed'] tr[data-record='{id}']");
        await row.WaitForAsync();
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await InteractiveAsync(clerk);
        await SelectAsync(clerk, "#correct-field", "人数");
        await clerk.Locator("#correct-value").FillAsync("8");
        await clerk.Locator("#reason").FillAsync("按对方意见更正人数");
        await clerk.ClickAsync("#correct");
        await clerk.Locator(".baoji-done").WaitForAsync();

        Assert.Equal("8", (await clerk.Locator("[data-label='人数']").InnerTextAsync()).Trim());
        var history = await clerk.Locator("#history").InnerTextAsync();
        Assert.Contains("提出异议", history, StringComparison.Ordinal);
        Assert.Contains("人数不符，实为 8 人", history, StringComparison.Ordinal);
        Assert.Contains("按对方意见更正人数", history, StringComparison.Ordinal);
        Assert.Contains("陇县", history, StringComparison.Ordinal);
        Assert.Contains("铜山区", history, StringComparison.Ordinal);
        // The people, by the names their accounts carry: the clerk who disputed and the one who corrected.
        Assert.Contains(WebAppFixture.ClerkName(Longxian), history, StringComparison.Ordinal);
        Assert.Contains(WebAppFixture.ClerkName(Tongshan), history, StringComparison.Ordinal);
        await Screenshots.SaveAsync(clerk, "record-history");
        output.WriteLine($"flow c: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_school_clerk_imports_fifty_visits_once_after_fixing_the_three_bad_rows()
    {
        var clock = Stopwatch.StartNew();
        var clerk = await app.SignedInAsync(ImportSheets.LongxianVocational);
        await clerk.Locator("nav a", new() { HasText = "导入" }).ClickAsync();
        await clerk.WaitForURLAsync("**/imports");
        await InteractiveAsync(clerk);
        var template = await clerk.Context.APIRequest.GetAsync(await clerk.Locator("#template-xlsx").GetAttributeAsync("href") ?? "");
        Assert.Equal((200, ImportSheets.XlsxMediaType), (template.Status, template.Headers["content-type"]));

        var rows = ImportSheets.SchoolVisits(50, "web");
        rows[4]["开始日期"] = "2024-13-40";
        rows[16]["互访级别"] = "市级领导";
        rows[32]["代表团人数"] = 0;
        await UploadAsync(clerk, ImportSheets.Xlsx(rows));
        await clerk.Locator("#import-errors").WaitForAsync();
        await CountsAsync(clerk, toCreate: 47, alreadyImported: 0, errorRows: 3);
        Assert.Equal(3, await clerk.Locator("#import-errors tbody tr").CountAsync());
        Assert.Contains("开始日期须为日期", await ErrorAsync(clerk, 6, "开始日期"), StringComparison.Ordinal);
        Assert.Contains("互访级别须为以下之一", await ErrorAsync(clerk, 18, "互访级别"), StringComparison.Ordinal);
        Assert.Contains("代表团人数须在 1 到 500 之间", await ErrorAsync(clerk, 34, "代表团人数"), StringComparison.Ordinal);
        Assert.True(await clerk.Locator("#import-commit").IsDisabledAsync());
        await Screenshots.SaveAsync(clerk, "import");

        var fixedFile = ImportSheets.Xlsx(ImportSheets.SchoolVisits(50, "web"));
        await UploadAsync(clerk, fixedFile);
        await CountsAsync(clerk, toCreate: 50, alreadyImported: 0, errorRows: 0);
        await clerk.ClickAsync("#import-commit");
        await Assertions.Expect(clerk.Locator("#import-result")).ToContainTextAsync("新建 50 条，跳过（已导入过）0 条", new() { Timeout = 60_000 });

        // The same file again: every row is a record already, so nothing is created.
        await UploadAsync(clerk, fixedFile);
        await CountsAsync(clerk, toCreate: 0, alreadyImported: 50, errorRows: 0);
        await clerk.ClickAsync("#import-commit");
        await Assertions.Expect(clerk.Locator("#import-result")).ToContainTextAsync("新建 0 条，跳过（已导入过）50 条", new() { Timeout = 60_000 });
        output.WriteLine($"flow b: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_county_bureau_imports_for_one_of_its_schools_chosen_by_name_and_a_school_imports_only_for_itself()
    {
        var school = await app.SignedInAsync(ImportSheets.LongxianVocational);
        await school.GotoAsync("/imports");
        await InteractiveAsync(school);
        Assert.Equal(0, await school.Locator("#import-organization").CountAsync());

        var bureau = await app.SignedInAsync(Longxian);
        await bureau.GotoAsync("/imports");
        await InteractiveAsync(bureau);
        await SelectAsync(bureau, "#field-organization", "陇县职业教育中心");
        await UploadAsync(bureau, ImportSheets.Xlsx(ImportSheets.SchoolVisits(3, "county-for-school")));
        await CountsAsync(bureau, toCreate: 3, alreadyImported: 0, errorRows: 0);
        await Assertions.Expect(bureau.Locator($"[data-organization='{ImportSheets.LongxianVocational}']")).ToHaveTextAsync("陇县职业教育中心");
    }

    [Fact]
    public async Task A_script_name_shows_as_text_and_a_form_without_its_antiforgery_token_is_refused()
    {
        const string ScriptName = "<script>alert(1)</script>";
        await app.Server.PutOrganizationAsync("sx-610327-xss", new { name = ScriptName, kind = "school", parentId = Longxian, province = "shaanxi" });
        using var admin = app.Server.Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/visits", new
        {
            fromOrgId = "sx-610327-xss", toOrgId = "js-320312-s01", level = "school", startDate = "2024-09-02", endDate = "2024-09-03",
            delegationSize = 3, purpose = ScriptName, loggedBy = Longxian,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var clerk = await app.SignedInAsync(Longxian);
        var dialogs = 0;
        clerk.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await clerk.GotoAsync($"/records/{id}");
        await InteractiveAsync(clerk);
        Assert.True(await clerk.GetByText(ScriptName).First.IsVisibleAsync());
        Assert.Equal(0, dialogs);

        // The sign-in form posted without the token it was rendered with.
        using var http = new HttpClient { BaseAddress = app.Server.BaseAddress };
        var signIn = await http.GetAsync("/signin");
        Assert.Contains("frame-ancestors 'none'", signIn.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", signIn.Headers.GetValues("X-Content-Type-Options").Single());
        var refused = await http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["Form.Login"] = "clerk", ["Form.Password"] = "secret",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var signOut = await http.PostAsync("/account/signout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
    }

    /// <summary>Logs a visit through the 登记互访 form and returns the new record's id (from the record page it lands on).</summary>
    private static async Task<string> LogVisitAsync(IPage page, string partner, string start, string end, int size, string purpose, bool screenshot = false)
    {
        await page.GotoAsync("/register/visit");
        await InteractiveAsync(page);
        await SelectAsync(page, "#field-partner", partner);
        await DateAsync(page, "#field-start", start);
        await DateAsync(page, "#field-end", end);
        await page.Locator("#field-size input").FillAsync(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#field-purpose textarea").FillAsync(purpose);
        if (screenshot)
        {
            await Screenshots.SaveAsync(page, "register-visit");
        }

        await page.ClickAsync("#submit");
        await page.WaitForURLAsync("**/records/*");
        await InteractiveAsync(page);
        return page.Url.Split('/')[^1];
    }

    private static Task UploadAsync(IPage page, byte[] xlsx) =>
        page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "台账.xlsx", MimeType = ImportSheets.XlsxMediaType, Buffer = xlsx });

    /// <summary>Waits until the preview shows these counts (the one before it is replaced when the new file is read).</summary>
    private static async Task CountsAsync(IPage page, int toCreate, int alreadyImported, int errorRows)
    {
        await Assertions.Expect(page.Locator("[data-count='toCreate']")).ToHaveTextAsync($"{toCreate}");
        await Assertions.Expect(page.Locator("[data-count='alreadyImported']")).ToHaveTextAsync($"{alreadyImported}");
        await Assertions.Expect(page.Locator("[data-count='errorRows']")).ToHaveTextAsync($"{errorRows}");
    }

    private static Task<string> ErrorAsync(IPage page, int row, string column) =>
        page.Locator($"#import-errors tr[data-row='{row}'][data-column='{column}']").InnerTextAsync();

    private static Task InteractiveAsync(IPage page) => page.Locator("#interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    private static async Task SelectAsync(IPage page, string container, string option)
    {
        // The first click can come before Ant Design's script has hooked the drop-down up, and a click while the list
        // is still sliding open can land on another option: open it again until the chosen option is what it shows.
        var item = page.Locator(".ant-select-dropdown:visible .ant-select-item-option", new() { HasText = option }).First;
        var shown = page.Locator($"{container} .ant-select-selection-item, {container}.ant-select .ant-select-selection-item").First;
        for (var attempt = 0; ; attempt++)
        {
            await page.Locator($"{container} .ant-select, {container}.ant-select").First.ClickAsync();
            try
            {
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

    private static async Task DateAsync(IPage page, string container, string date)
    {
        // Typed and confirmed with Enter; a picker still closing from the field before can swallow it, so check and retype.
        var input = page.Locator($"{container} input");
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await input.ClickAsync();
            await input.FillAsync(date);
            await input.PressAsync("Enter");
            await page.Locator("h1").ClickAsync();
            if (await input.InputValueAsync() == date)
            {
                return;
            }
        }

        Assert.Fail($"The date picker {container} did not take {date}.");
    }

    private static async Task<int> FigureAsync(IPage page, string figure) =>
        int.Parse(await page.Locator($"[data-figure='{figure}'] .value").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
}
