using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Accounts;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Web.Layout;
using Baoji.Exchange.Server.Web.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Components;

/// <summary>The 管理 page's parts without a server: the accounts and tokens tables, a secret shown once, errors in Chinese.</summary>
public sealed class AdminPageTests : BunitContext
{
    private static readonly DateTimeOffset Created = new(2024, 5, 1, 0, 30, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Organization> Names = new(StringComparer.Ordinal)
    {
        ["610327"] = new("610327", "陇县教育和体育局", OrganizationKind.County, "610300", Province.Shaanxi),
        ["sx-610327-xss"] = new("sx-610327-xss", "<script>alert(1)</script>", OrganizationKind.School, "610327", Province.Shaanxi),
    };

    public AdminPageTests()
    {
        Services.AddAntDesign();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Accounts_show_login_name_organisation_by_name_and_status_in_Chinese()
    {
        AccountView[] accounts =
        [
            Account("lx-wang", "王小明", "610327"),
            Account("lx-li", "李华", "610327") with { Disabled = true },
            Account("xss-zhao", "赵敏", "sx-610327-xss") with { LockedUntil = Created.AddMinutes(15) },
        ];

        var table = Render<AccountTable>(p => p.Add(c => c.Accounts, accounts).Add(c => c.Names, Names)
            .Add(c => c.Manageable, new HashSet<string> { "610327" }));

        var wang = table.Find("tr[data-login='lx-wang']");
        Assert.Contains("王小明", wang.TextContent, StringComparison.Ordinal);
        Assert.Equal("陇县教育和体育局", wang.QuerySelector(".baoji-org")!.TextContent);
        Assert.Equal("610327", wang.QuerySelector(".baoji-org")!.GetAttribute("title"));
        Assert.Equal("正常", wang.QuerySelector(".baoji-account-status")!.TextContent.Trim());
        Assert.Equal("已停用", table.Find("tr[data-login='lx-li'] .baoji-account-status").TextContent.Trim());
        Assert.Equal("已锁定", table.Find("tr[data-login='xss-zhao'] .baoji-account-status").TextContent.Trim());
        Assert.Contains("&lt;script&gt;", table.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_accounts_of_organisations_I_manage_get_actions_and_a_disabled_one_offers_enabling()
    {
        (AccountView Account, bool Disable)? toggled = null;
        AccountView? reset = null;
        AccountView[] accounts = [Account("lx-li", "李华", "610327") with { Disabled = true }, Account("xss-zhao", "赵敏", "sx-610327-xss")];

        var table = Render<AccountTable>(p => p.Add(c => c.Accounts, accounts).Add(c => c.Names, Names)
            .Add(c => c.Manageable, new HashSet<string> { "610327" })
            .Add(c => c.OnSetDisabled, change => toggled = change)
            .Add(c => c.OnResetPassword, account => reset = account));

        Assert.Empty(table.FindAll("tr[data-login='xss-zhao'] button"));
        var toggle = table.Find("tr[data-login='lx-li'] .baoji-toggle");
        Assert.Equal("启用", toggle.TextContent);
        toggle.Click();
        Assert.Equal(("lx-li", false), (toggled!.Value.Account.Login, toggled.Value.Disable));
        table.Find("tr[data-login='lx-li'] .baoji-reset").Click();
        Assert.Equal("lx-li", reset?.Login);
    }

    [Fact]
    public void Tokens_show_organisation_label_Beijing_time_issuer_and_status_and_only_valid_ones_can_be_revoked()
    {
        TokenView[] tokens =
        [
            new("0123456789abcdef", "610327", "台账同步", Created, "admin", new ActingPerson("admin", "系统管理员"), null),
            new("fedcba9876543210", "sx-610327-xss", null, Created.AddDays(1), "admin", null, Created.AddDays(2)),
        ];

        var table = Render<TokenTable>(p => p.Add(c => c.Tokens, tokens).Add(c => c.Names, Names));

        var valid = table.Find("tr[data-token='0123456789abcdef']");
        Assert.Equal("陇县教育和体育局", valid.QuerySelector(".baoji-org")!.TextContent);
        Assert.Contains("台账同步", valid.TextContent, StringComparison.Ordinal);
        Assert.Contains("2024-05-01 08:30", valid.TextContent, StringComparison.Ordinal);
        Assert.Contains("系统管理员", valid.TextContent, StringComparison.Ordinal);
        Assert.Equal("有效", valid.QuerySelector(".baoji-token-status")!.TextContent.Trim());
        Assert.NotNull(valid.QuerySelector(".baoji-revoke"));
        var revoked = table.Find("tr[data-token='fedcba9876543210']");
        Assert.Equal("已吊销", revoked.QuerySelector(".baoji-token-status")!.TextContent.Trim());
        Assert.Contains("管理员", revoked.TextContent, StringComparison.Ordinal);
        Assert.Null(revoked.QuerySelector(".baoji-revoke"));
        Assert.DoesNotContain("<script>", table.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_is_shown_once_with_a_hint_to_copy_it()
    {
        var shown = Render<ShownOnce>(p => p.Add(c => c.Title, "已签发令牌：").Add(c => c.Secret, "bx1.0123456789abcdef.<secret>").Add(c => c.Id, "issued-token"));

        Assert.Equal("bx1.0123456789abcdef.<secret>", shown.Find("#issued-token [data-secret]").TextContent);
        Assert.Contains("只显示这一次", shown.Markup, StringComparison.Ordinal);
        Assert.Contains("&lt;secret&gt;", shown.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Account_and_token_refusals_read_in_Chinese_at_their_fields()
    {
        var invalid = PageErrors.From(AccountOutcome.Invalid(new Api.FieldErrors()
            .Add("login", "login is 3–64 characters: lower-case letters, digits, '.', '_' and '-'.")
            .Add("password", "password is 8–128 characters.")));
        var taken = PageErrors.From(AccountOutcome.Problem(409, "login", "The login lx-wang is taken."));
        var label = PageErrors.From(TokenOutcome.Problem(400, "label", "label is at most 100 characters."));

        Assert.Equal(["登录名为 3–64 个字符：小写字母、数字、“.”、“_”或“-”。"], invalid["login"]);
        Assert.Equal(["密码为 8–128 个字符。"], invalid["password"]);
        Assert.Equal(["登录名 lx-wang 已被使用。"], taken["login"]);
        Assert.Equal(["用途最多 100 个字符。"], label["label"]);
    }

    private static AccountView Account(string login, string name, string organizationId) =>
        new(login, name, organizationId, false, false, null, "admin", Created, null, null);
}
