using Baoji.Exchange.Server.Accounts;
using Baoji.Exchange.Server.Identity;

namespace Baoji.Exchange.Server.Tests.Accounts;

/// <summary>Who may manage whose account, as the matrix says it (no server): own is the caller's organisation or one under it.</summary>
public sealed class AccountAccessRulesTests
{
    private static readonly AccessEndpoint[] Managing =
        [AccessMatrix.AccountCreate, AccessMatrix.AccountDisable, AccessMatrix.AccountEnable, AccessMatrix.AccountPasswordReset];

    [Theory]
    [InlineData(AccessRole.Admin, AccessRelation.Own, 200)]
    [InlineData(AccessRole.Admin, AccessRelation.Other, 200)]
    [InlineData(AccessRole.City, AccessRelation.Own, 200)]
    [InlineData(AccessRole.City, AccessRelation.Other, 403)]
    [InlineData(AccessRole.County, AccessRelation.Own, 200)]
    [InlineData(AccessRole.County, AccessRelation.Other, 403)]
    [InlineData(AccessRole.School, AccessRelation.Own, 403)]
    [InlineData(AccessRole.School, AccessRelation.Other, 403)]
    public void Managing_accounts(AccessRole role, AccessRelation relation, int expected) =>
        Assert.All(Managing, e => Assert.Equal(expected, AccessMatrix.Decide(e, role, relation)));

    [Theory]
    [InlineData(AccessRole.School, AccessRelation.Own, 200)]
    [InlineData(AccessRole.School, AccessRelation.Other, 403)]
    [InlineData(AccessRole.County, AccessRelation.Other, 403)]
    public void Reading_accounts(AccessRole role, AccessRelation relation, int expected)
    {
        Assert.Equal(expected, AccessMatrix.Decide(AccessMatrix.AccountList, role, relation));
        Assert.Equal(expected, AccessMatrix.Decide(AccessMatrix.AccountGet, role, relation));
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/records?year=2024", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example/", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_sign_in_returns_only_to_this_site(string? url, bool local) => Assert.Equal(local, LocalUrls.IsLocal(url));
}
