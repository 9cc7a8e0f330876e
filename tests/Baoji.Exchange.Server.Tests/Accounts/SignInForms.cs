using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Tests.Accounts;

/// <summary>
/// Signs in as a browser would: a form post to /account/signin carrying the antiforgery cookie and field (made by the
/// server's own IAntiforgery, as the /signin page renders them), then the sign-in cookie on every request.
/// </summary>
internal static class SignInForms
{
    public const string CookieName = "baoji.signin";

    /// <summary>A client that follows no redirect and keeps no cookie by itself, so each test sees exactly what was sent.</summary>
    public static HttpClient Browser(this ServerFactory server) =>
        server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>Posts the sign-in form; <paramref name="withToken"/> false leaves the antiforgery token out.</summary>
    public static Task<HttpResponseMessage> PostSignInAsync(this ServerFactory server, string login, string password, string returnUrl = "/", bool withToken = true) =>
        server.PostFormAsync("/account/signin", new() { ["login"] = login, ["password"] = password, ["returnUrl"] = returnUrl }, withToken ? new ClaimsPrincipal() : null);

    /// <summary>Posts a form as <paramref name="user"/> would (the antiforgery token is bound to who sends it); null: no token.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this ServerFactory server, string url, Dictionary<string, string> fields, ClaimsPrincipal? user, string? signInCookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        var cookies = new List<string>();
        if (user is not null)
        {
            var http = new DefaultHttpContext { RequestServices = server.Services, User = user };
            var tokens = server.Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
            cookies.Add($"{server.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name}={tokens.CookieToken}");
            fields = new Dictionary<string, string>(fields) { [tokens.FormFieldName] = tokens.RequestToken! };
        }

        if (signInCookie is not null)
        {
            cookies.Add($"{CookieName}={signInCookie}");
        }

        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies));
        }

        request.Content = new FormUrlEncodedContent(fields);
        return server.Browser().SendAsync(request);
    }

    /// <summary>The sign-in cookie the response sets (its value), or null.</summary>
    public static string? SignInCookie(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(v => v.StartsWith(CookieName + "=", StringComparison.Ordinal))
                .Select(v => v[(CookieName.Length + 1)..].Split(';')[0]).FirstOrDefault(v => v.Length > 0)
            : null;

    /// <summary>
    /// Signs in (asserting it worked) and returns a client sending the sign-in cookie and, as a page's script would,
    /// the antiforgery cookie and header of the signed-in person (<paramref name="withAntiforgery"/> false: neither).
    /// </summary>
    public static async Task<(HttpClient Client, string Cookie)> SignedInAsync(this ServerFactory server, string login, string password, bool withAntiforgery = true)
    {
        using var response = await server.PostSignInAsync(login, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.SignInCookie();
        Assert.True(cookie is not null, $"No sign-in cookie; went to {response.Headers.Location}");
        var client = server.Browser();
        var cookies = $"{CookieName}={cookie}";
        if (withAntiforgery)
        {
            var http = new DefaultHttpContext { RequestServices = server.Services, User = Person(login) };
            var tokens = server.Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
            cookies += $"; {server.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name}={tokens.CookieToken}";
            client.DefaultRequestHeaders.Add(tokens.HeaderName!, tokens.RequestToken);
        }

        client.DefaultRequestHeaders.Add("Cookie", cookies);
        return (client, cookie!);
    }

    /// <summary>The person as the antiforgery token binds to them (by the name identifier their sign-in carries).</summary>
    public static ClaimsPrincipal Person(string login) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, $"account:{login.ToLowerInvariant()}")], "Cookies"));

    /// <summary>Creates an account through the API as <paramref name="creator"/>, asserting 201.</summary>
    public static async Task<JsonObject> CreateAccountAsync(this HttpClient creator, string login, string organizationId, string password, string displayName = "王小明")
    {
        var response = await creator.PostAsJsonAsync("/api/v1/accounts", new { login, displayName, organizationId, password });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201 creating {login} for {organizationId}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static string NewLogin(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
