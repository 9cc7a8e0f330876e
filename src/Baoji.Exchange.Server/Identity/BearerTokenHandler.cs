using System.Security.Claims;
using System.Text.Encodings.Web;
using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Server.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Identity;

/// <summary>Authenticates "Authorization: Bearer …" against the admin credential and the stored token hashes.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IGrainFactory grains, AdminCredential admin, UnknownTokens unknown)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 300)
        {
            return AuthenticateResult.Fail("The Authorization header is not a bearer token.");
        }

        var token = header["Bearer ".Length..].Trim();
        if (admin.Matches(token))
        {
            return Success(new Claim(ClaimTypes.Role, Caller.AdminRole), new Claim(Caller.TokenClaim, "admin"));
        }

        if (TokenFormat.TryParse(token, out var tokenId, out var secret))
        {
            var hash = TokenFormat.Hash(secret);
            if (unknown.IsKnownUnknown(tokenId, hash))
            {
                return AuthenticateResult.Fail("The token is unknown or revoked.");
            }

            if (await grains.GetGrain<ITokenGrain>(tokenId).Verify(hash) is { } organizationId)
            {
                return Success(new Claim(Caller.OrganizationClaim, organizationId), new Claim(Caller.TokenClaim, tokenId));
            }

            unknown.Remember(tokenId, hash);
        }

        return AuthenticateResult.Fail("The token is unknown or revoked.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status401Unauthorized, "Authentication required",
            "Send 'Authorization: Bearer <token>' with a valid, unrevoked token.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Forbidden", "This token may not do that.");

    private static AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role)), SchemeName));

    private async Task WriteProblem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        await ProblemWriter.WriteAsync(Context, new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = { ["errors"] = new Dictionary<string, string[]> { ["Authorization"] = [detail] } },
        });
    }
}
