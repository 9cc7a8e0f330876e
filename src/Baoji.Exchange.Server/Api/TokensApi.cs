using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/tokens").WithTags("Identity").RequireAuthorization();
        api.MapPost("", IssueAsync).WithSummary("Issue a token that acts for one organisation (admin)").RequireAccess(AccessMatrix.TokenIssue);
        api.MapDelete("{tokenId}", RevokeAsync).WithSummary("Revoke a token (admin)").RequireAccess(AccessMatrix.TokenRevoke);
        return api;
    }

    private static async Task<Results<Created<TokenResponse>, ProblemHttpResult>> IssueAsync(
        TokenRequest request, RegistryReader registry, IGrainFactory grains)
    {
        if (!OrganizationIds.IsWellFormed(request.OrganizationId) || await registry.GetAsync(request.OrganizationId!) is null)
        {
            return Problems.Invalid("organizationId", "organizationId must be a registered organisation.");
        }

        var (tokenId, token) = TokenFormat.Create();
        await grains.GetGrain<ITokenGrain>(tokenId).Issue(request.OrganizationId!, TokenFormat.Hash(TokenFormat.SecretOf(token)));
        return TypedResults.Created($"/api/v1/tokens/{tokenId}", new TokenResponse(tokenId, token, request.OrganizationId!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string tokenId, IGrainFactory grains) =>
        tokenId.Length == 16 && tokenId.All(char.IsAsciiHexDigitLower) && await grains.GetGrain<ITokenGrain>(tokenId).Revoke()
            ? TypedResults.NoContent()
            : Problems.NotFound("tokenId", $"No token {tokenId} was issued.");
}

/// <summary>The body of POST /api/v1/tokens.</summary>
public sealed record TokenRequest(string? OrganizationId);

/// <summary>The issued token: shown once, stored only as a hash.</summary>
public sealed record TokenResponse(string TokenId, string Token, string OrganizationId);
