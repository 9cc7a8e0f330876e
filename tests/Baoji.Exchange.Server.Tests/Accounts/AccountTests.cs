using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Tests.Accounts;

/// <summary>Accounts for people and their cookie sign-in, against the real server and Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AccountTests(AzuriteFixture azurite, AccountServer shared) : IClassFixture<AccountServer>
{
    private const string Password = "correct-horse-9";
    private readonly ServerFactory _server = shared.Get(azurite);

    public static TheoryData<string?, string, HttpStatusCode> WhoCreatesWhom => new()
    {
        // The administrator creates any account; a city bureau its own city's, its counties' and their schools'; a
        // county bureau its own and its schools'; a school none.
        { null, "610300", HttpStatusCode.Created },
        { null, Bodies.Qiwen, HttpStatusCode.Created },
        { "610300", "610300", HttpStatusCode.Created },
        { "610300", Bodies.Longxian, HttpStatusCode.Created },
        { "610300", Bodies.LongxianVocational, HttpStatusCode.Created },
        { "610300", "320300", HttpStatusCode.Forbidden },
        { "610300", Bodies.Tongshan, HttpStatusCode.Forbidden },
        { Bodies.Longxian, Bodies.Longxian, HttpStatusCode.Created },
        { Bodies.Longxian, Bodies.LongxianVocational, HttpStatusCode.Created },
        { Bodies.Longxian, "610300", HttpStatusCode.Forbidden },
        { Bodies.Longxian, Bodies.Qianyang, HttpStatusCode.Forbidden },
        { Bodies.Longxian, Bodies.Qiwen, HttpStatusCode.Forbidden },
        { Bodies.LongxianVocational, Bodies.LongxianVocational, HttpStatusCode.Forbidden },
        { "320300", Bodies.TongshanVocational, HttpStatusCode.Created },
        { "320300", Bodies.LongxianVocational, HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(WhoCreatesWhom))]
    public async Task Who_may_create_whose_account(string? creatorOrg, string organizationId, HttpStatusCode expected)
    {
        var creator = creatorOrg is null ? _server.Admin() : await _server.ActingFor(creatorOrg);
        var login = SignInForms.NewLogin("who");

        var response = await creator.PostAsJsonAsync("/api/v1/accounts", new { login, displayName = "王小明", organizationId, password = Password });

        if (expected == HttpStatusCode.Created)
        {
            var created = await response.ExpectAsync(HttpStatusCode.Created);
            Assert.Equal((login, organizationId, creatorOrg ?? "admin"), ((string?)created["login"], (string?)created["organizationId"], (string?)created["createdBy"]));
            Assert.Null(created["passwordHash"]);
            Assert.Equal($"/api/v1/accounts/{login}", response.Headers.Location?.OriginalString);
            var listed = await (await creator.GetAsync($"/api/v1/accounts?organizationId={organizationId}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Contains(login, listed["items"]!.AsArray().Select(a => (string?)a!["login"]));
        }
        else
        {
            await response.ExpectProblemAsync(expected, "organizationId");
            await (await _server.Admin().GetAsync($"/api/v1/accounts/{login}")).ExpectProblemAsync(HttpStatusCode.NotFound, "login");
        }
    }

    [Fact]
    public async Task A_signed_in_city_analyst_creates_a_county_account_and_its_history_names_her()
    {
        var cityLogin = SignInForms.NewLogin("city");
        await _server.Admin().CreateAccountAsync(cityLogin, "610300", Password, "赵敏");
        var (city, _) = await _server.SignedInAsync(cityLogin, Password);

        var county = await city.CreateAccountAsync(SignInForms.NewLogin("county"), Bodies.Longxian, Password);

        Assert.Equal($"account:{cityLogin}", (string?)county["createdBy"]);
        await (await city.PostAsJsonAsync("/api/v1/accounts", new { login = SignInForms.NewLogin("x"), displayName = "李四", organizationId = Bodies.Tongshan, password = Password }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "organizationId");
    }

    [Fact]
    public async Task Signing_in_gives_a_cookie_that_reads_the_api_as_a_token_of_the_organisation_does()
    {
        var login = SignInForms.NewLogin("lx");
        await _server.Admin().CreateAccountAsync(login.ToUpperInvariant(), Bodies.Longxian, Password, "陇县王老师");

        // The login is kept in lower case; the person types it as they like.
        using var response = await _server.PostSignInAsync(login.ToUpperInvariant(), Password, "/records?year=2024");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/records?year=2024", response.Headers.Location!.OriginalString);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SignInForms.CookieName + "=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", setCookie);
        Assert.Contains("samesite=lax", setCookie);
        Assert.DoesNotContain("secure", setCookie.Replace("samesite", "", StringComparison.Ordinal));
        var cookie = response.SignInCookie()!;
        var person = _server.Browser();
        person.DefaultRequestHeaders.Add("Cookie", $"{SignInForms.CookieName}={cookie}");
        var token = await _server.ActingFor(Bodies.Longxian);
        await token.CreateAsync("visits", Bodies.Visit());

        var own = await (await person.GetAsync($"/api/v1/visits?organizationId={Bodies.Longxian}&year=2024")).ExpectAsync(HttpStatusCode.OK);
        var byToken = await (await token.GetAsync($"/api/v1/visits?organizationId={Bodies.Longxian}&year=2024")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEmpty(own["items"]!.AsArray());
        Assert.Equal(byToken.ToJsonString(), own.ToJsonString());
        await (await person.GetAsync($"/api/v1/visits?organizationId={Bodies.Qianyang}&year=2024")).ExpectProblemAsync(HttpStatusCode.Forbidden, "organizationId");
        var me = await (await person.GetAsync($"/api/v1/accounts/{login}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("陇县王老师", (string?)me["displayName"]);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_login_look_the_same()
    {
        var login = SignInForms.NewLogin("wp");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password);

        using var wrongPassword = await _server.PostSignInAsync(login, "not-the-password", "/x");
        using var unknownLogin = await _server.PostSignInAsync(SignInForms.NewLogin("nobody"), "not-the-password", "/x");

        foreach (var response in new[] { wrongPassword, unknownLogin })
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/signin?error=credentials&returnUrl=%2Fx", response.Headers.Location!.OriginalString);
            Assert.Null(response.SignInCookie());
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_and_a_reset_lifts_it()
    {
        var login = SignInForms.NewLogin("lock");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password);

        for (var i = 1; i <= 4; i++)
        {
            using var wrong = await _server.PostSignInAsync(login, $"wrong-password-{i}");
            Assert.Contains("error=credentials", wrong.Headers.Location!.OriginalString);
        }

        var before = DateTimeOffset.UtcNow;
        using var fifth = await _server.PostSignInAsync(login, "wrong-password-5");
        using var right = await _server.PostSignInAsync(login, Password);

        Assert.Contains("error=locked", fifth.Headers.Location!.OriginalString);
        Assert.Contains("error=locked", right.Headers.Location!.OriginalString);
        Assert.Null(right.SignInCookie());
        var account = await (await _server.Admin().GetAsync($"/api/v1/accounts/{login}")).ExpectAsync(HttpStatusCode.OK);
        var lockedUntil = DateTimeOffset.Parse((string)account["lockedUntil"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(lockedUntil - before, TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(30));

        await (await _server.Admin().PostAsJsonAsync($"/api/v1/accounts/{login}/password", new { password = "a-new-password-2" })).ExpectAsync(HttpStatusCode.OK);
        await _server.SignedInAsync(login, "a-new-password-2");
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_its_cookie_stops_working()
    {
        var login = SignInForms.NewLogin("off");
        var county = await _server.ActingFor(Bodies.Longxian);
        await county.CreateAccountAsync(login, Bodies.LongxianVocational, Password);
        var (person, _) = await _server.SignedInAsync(login, Password);
        await (await person.GetAsync($"/api/v1/accounts/{login}")).ExpectAsync(HttpStatusCode.OK);

        var disabled = await (await county.PostAsync($"/api/v1/accounts/{login}/disable", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.True((bool)disabled["disabled"]!);
        var refused = await person.GetAsync($"/api/v1/accounts/{login}");
        await refused.ExpectProblemAsync(HttpStatusCode.Unauthorized, "Authorization");
        using var again = await _server.PostSignInAsync(login, Password);
        Assert.Contains("error=disabled", again.Headers.Location!.OriginalString);
        Assert.Null(again.SignInCookie());
        using var wrong = await _server.PostSignInAsync(login, "not-the-password");
        Assert.Contains("error=credentials", wrong.Headers.Location!.OriginalString);

        await (await county.PostAsync($"/api/v1/accounts/{login}/enable", null)).ExpectAsync(HttpStatusCode.OK);
        await _server.SignedInAsync(login, Password);
    }

    [Fact]
    public async Task A_sign_in_form_without_the_antiforgery_token_is_refused()
    {
        var login = SignInForms.NewLogin("csrf");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password);

        using var response = await _server.PostSignInAsync(login, Password, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.SignInCookie());
    }

    [Fact]
    public async Task Signing_out_ends_the_sign_in_and_needs_the_antiforgery_token()
    {
        var login = SignInForms.NewLogin("out");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password);
        var (person, cookie) = await _server.SignedInAsync(login, Password);
        var user = SignInForms.Person(login);

        using var forged = await _server.PostFormAsync("/account/signout", new() { ["returnUrl"] = "/" }, user: null, signInCookie: cookie);
        using var signedOut = await _server.PostFormAsync("/account/signout", new() { ["returnUrl"] = "/bye" }, user, signInCookie: cookie);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/bye"), (signedOut.StatusCode, signedOut.Headers.Location!.OriginalString));
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SignInForms.CookieName + "=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_change_made_with_the_cookie_needs_the_antiforgery_header_but_a_read_does_not()
    {
        var login = SignInForms.NewLogin("hdr");
        await _server.Admin().CreateAccountAsync(login, "610300", Password);
        var (bare, _) = await _server.SignedInAsync(login, Password, withAntiforgery: false);
        var target = SignInForms.NewLogin("tgt");

        var refused = await bare.PostAsJsonAsync("/api/v1/accounts", new { login = target, displayName = "李四", organizationId = Bodies.Longxian, password = Password });
        var read = await bare.GetAsync("/api/v1/accounts?organizationId=610300");

        await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "RequestVerificationToken");
        await read.ExpectAsync(HttpStatusCode.OK);
        await (await _server.Admin().GetAsync($"/api/v1/accounts/{target}")).ExpectProblemAsync(HttpStatusCode.NotFound, "login");
    }

    [Fact]
    public async Task Over_https_the_sign_in_cookie_is_secure()
    {
        var login = SignInForms.NewLogin("tls");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password);
        var http = new DefaultHttpContext { RequestServices = _server.Services };
        var tokens = _server.Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var browser = _server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = login, ["password"] = Password, [tokens.FormFieldName] = tokens.RequestToken! }),
        };
        request.Headers.Add("Cookie", $"{_server.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name}={tokens.CookieToken}");

        using var response = await browser.SendAsync(request);

        Assert.True(response.Headers.Contains("Set-Cookie"), $"{(int)response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SignInForms.CookieName + "=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; secure", setCookie);
        Assert.Contains("httponly", setCookie);
    }

    [Fact]
    public async Task A_password_reset_ends_the_sign_ins_made_before_it()
    {
        var login = SignInForms.NewLogin("stamp");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password);
        var (before, _) = await _server.SignedInAsync(login, Password);
        await (await before.GetAsync($"/api/v1/accounts/{login}")).ExpectAsync(HttpStatusCode.OK);

        await (await _server.Admin().PostAsJsonAsync($"/api/v1/accounts/{login}/password", new { password = "another-password-3" })).ExpectAsync(HttpStatusCode.OK);

        await (await before.GetAsync($"/api/v1/accounts/{login}")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "Authorization");
        var (after, _) = await _server.SignedInAsync(login, "another-password-3");
        await (await after.GetAsync($"/api/v1/accounts/{login}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_account_created_without_a_password_gets_one_generated_and_shown_once()
    {
        var login = SignInForms.NewLogin("gen");
        var admin = _server.Admin();
        var key = Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["login"] = login, ["displayName"] = "新沂周老师", ["organizationId"] = Bodies.Xinyi };

        var created = await (await admin.PostJsonAsync("/api/v1/accounts", body, key)).ExpectAsync(HttpStatusCode.Created);
        var retried = await (await admin.PostJsonAsync("/api/v1/accounts", body, key)).ExpectAsync(HttpStatusCode.Created);
        var read = await (await admin.GetAsync($"/api/v1/accounts/{login}")).ExpectAsync(HttpStatusCode.OK);

        var password = (string?)created["password"];
        Assert.True(password is { Length: >= 16 }, created.ToJsonString());
        Assert.False(retried.ContainsKey("password"));
        Assert.False(read.ContainsKey("password"));
        await _server.SignedInAsync(login, password);
    }

    [Fact]
    public async Task Me_describes_a_token_and_a_signed_in_person()
    {
        var login = SignInForms.NewLogin("me");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password, "陇县刘老师");
        var (person, _) = await _server.SignedInAsync(login, Password);

        var asPerson = await (await person.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
        var asToken = await (await (await _server.ActingFor(Bodies.Longxian)).GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((Bodies.Longxian, "county", login, "陇县刘老师"),
            ((string?)asPerson["organizationId"], (string?)asPerson["role"], (string?)asPerson["login"], (string?)asPerson["displayName"]));
        Assert.Equal((Bodies.Longxian, "county", null, null),
            ((string?)asToken["organizationId"], (string?)asToken["role"], (string?)asToken["login"], (string?)asToken["displayName"]));
    }

    [Fact]
    public async Task A_sign_in_returns_only_to_a_local_address()
    {
        var login = SignInForms.NewLogin("redir");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password);

        foreach (var returnUrl in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example/" })
        {
            using var response = await _server.PostSignInAsync(login, Password, returnUrl);
            Assert.Equal("/", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task A_page_without_a_sign_in_goes_to_signin_but_the_api_answers_401()
    {
        var browser = _server.Browser();

        using var page = await browser.GetAsync(AccountServer.PagePath + "?a=1");
        var api = await browser.GetAsync($"/api/v1/accounts?organizationId={Bodies.Longxian}");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Ftest-page%3Fa%3D1", page.Headers.Location!.PathAndQuery);
        await api.ExpectProblemAsync(HttpStatusCode.Unauthorized, "Authorization");
        Assert.Equal("Bearer", api.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_record_confirmed_by_a_signed_in_person_names_the_person_in_its_history()
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var login = SignInForms.NewLogin("ts");
        await (await _server.ActingFor(Bodies.Tongshan)).CreateAccountAsync(login, Bodies.Tongshan, Password, "铜山李明");
        var (person, _) = await _server.SignedInAsync(login, Password);

        await (await person.PostJsonAsync($"/api/v1/visits/{created.Id()}/confirmation", new JsonObject { ["orgId"] = Bodies.Tongshan }))
            .ExpectAsync(HttpStatusCode.OK);

        var history = (await _server.Admin().ReadAsync("visits", created.Id()))["history"]!.AsArray();
        Assert.Equal((Bodies.Longxian, null), ((string?)history[0]!["by"], history[0]!["byPerson"]));
        Assert.Equal(("confirmed", Bodies.Tongshan), ((string?)history[1]!["action"], (string?)history[1]!["by"]));
        Assert.Equal(new JsonObject { ["login"] = login, ["name"] = "铜山李明" }.ToJsonString(), history[1]!["byPerson"]!.ToJsonString());
    }

    [Fact]
    public async Task A_retried_create_makes_one_account_and_another_create_of_the_login_is_409()
    {
        var login = SignInForms.NewLogin("retry");
        var admin = _server.Admin();
        var key = Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["login"] = login, ["displayName"] = "张三", ["organizationId"] = Bodies.Qianyang, ["password"] = Password };

        var first = await (await admin.PostJsonAsync("/api/v1/accounts", body, key)).ExpectAsync(HttpStatusCode.Created);
        var retried = await (await admin.PostJsonAsync("/api/v1/accounts", body, key)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(first.ToJsonString(), retried.ToJsonString());
        await (await admin.PostJsonAsync("/api/v1/accounts", body, Guid.NewGuid().ToString("N"))).ExpectProblemAsync(HttpStatusCode.Conflict, "login");
        await (await admin.PostJsonAsync("/api/v1/accounts", body)).ExpectProblemAsync(HttpStatusCode.Conflict, "login");
        var changed = body.DeepClone().AsObject();
        changed["displayName"] = "张三丰";
        await (await admin.PostJsonAsync("/api/v1/accounts", changed, key)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        var listed = await (await admin.GetAsync($"/api/v1/accounts?organizationId={Bodies.Qianyang}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(listed["items"]!.AsArray(), a => (string?)a!["login"] == login);
        Assert.Equal("张三", (string?)(await (await admin.GetAsync($"/api/v1/accounts/{login}")).ExpectAsync(HttpStatusCode.OK))["displayName"]);
    }

    [Fact]
    public async Task The_stored_password_is_a_PasswordHasher_hash_not_the_text()
    {
        var login = SignInForms.NewLogin("hash");
        await _server.Admin().CreateAccountAsync(login, Bodies.Longxian, Password);

        var stored = await _server.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(login).Get();

        Assert.NotNull(stored);
        Assert.DoesNotContain(Password, stored.PasswordHash, StringComparison.Ordinal);
        var bytes = Convert.FromBase64String(stored.PasswordHash);
        Assert.Equal(0x01, bytes[0]); // PasswordHasher's format marker of its v3 (PBKDF2) hashes
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<object>().VerifyHashedPassword(new object(), stored.PasswordHash, Password));
    }

    [Fact]
    public async Task Account_fields_are_checked_and_named()
    {
        var admin = _server.Admin();

        var problem = await (await admin.PostAsJsonAsync("/api/v1/accounts", new { login = "a/", displayName = "王\u202E明", organizationId = "??", password = "short" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "login");

        foreach (var field in new[] { "displayName", "organizationId", "password" })
        {
            Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{field} not named: {problem.ToJsonString()}");
        }

        await (await admin.PostAsJsonAsync("/api/v1/accounts", new { login = "admin", displayName = "冒充", organizationId = Bodies.Longxian, password = Password }))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "login");
        await (await admin.PostAsJsonAsync("/api/v1/accounts", new { login = SignInForms.NewLogin("ghost"), displayName = "某人", organizationId = "sx-no-such-school", password = Password }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "organizationId");
    }

    [Fact]
    public async Task The_administrator_signs_in_with_the_configured_password()
    {
        var (admin, _) = await _server.SignedInAsync("admin", ServerFactory.AdminPassword);

        var account = await (await admin.GetAsync("/api/v1/accounts/admin")).ExpectAsync(HttpStatusCode.OK);
        var created = await admin.CreateAccountAsync(SignInForms.NewLogin("byadmin"), "320300", Password);

        Assert.Equal((true, null), ((bool)account["isAdmin"]!, (string?)account["organizationId"]));
        Assert.Equal("account:admin", (string?)created["createdBy"]);
    }
}
