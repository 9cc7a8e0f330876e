using System.Net;
using System.Net.Http.Json;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;

namespace Baoji.Exchange.Server.Tests.Accounts;

/// <summary>POST /api/v1/me/password: a signed-in person changes their own password; a token has none.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OwnPasswordTests(AzuriteFixture azurite, AccountServer shared) : IClassFixture<AccountServer>
{
    private const string Password = "correct-horse-9";
    private const string NewPassword = "battery-staple-10";
    private readonly ServerFactory _server = shared.Get(azurite);

    [Fact]
    public async Task A_person_changes_their_own_password_with_the_current_one_and_signs_in_again_with_the_new()
    {
        var login = SignInForms.NewLogin("own");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password, "陇县王老师");
        var (person, _) = await _server.SignedInAsync(login, Password);

        await (await person.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = "not-the-password", newPassword = NewPassword }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "currentPassword");
        await (await person.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = "short" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "newPassword");
        var changed = await (await person.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = NewPassword }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal($"account:{login}", (string?)changed["changedBy"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync("/api/v1/me")).StatusCode);
        var (again, _) = await _server.SignedInAsync(login, NewPassword);
        Assert.Equal(login, (string?)(await (await again.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK))["login"]);
    }

    [Fact]
    public async Task A_token_has_no_password_to_change()
    {
        var token = await _server.ActingFor(Bodies.Longxian);

        var problem = await (await token.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = NewPassword }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "Authorization");

        Assert.Contains("signed-in person", (string?)problem["detail"], StringComparison.Ordinal);
    }
}
