using Baoji.Exchange.Server.Api.OpenApi;
using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

/// <summary>API tokens (the administrator's), through <see cref="TokenService"/>, as the 管理 page does.</summary>
public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/tokens").WithTags("Identity").RequireAuthorization().ProducesCommonProblems();
        api.MapPost("", IssueAsync).WithSummary("Issue a token that acts for one organisation (admin)").RequireAccess(AccessMatrix.TokenIssue)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        api.MapGet("", ListAsync).WithSummary("The tokens of an organisation, or of all (admin): never the token itself").RequireAccess(AccessMatrix.TokenList).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapDelete("{tokenId}", RevokeAsync).WithSummary("Revoke a token (admin)").RequireAccess(AccessMatrix.TokenRevoke).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Created<TokenResponse>, ProblemHttpResult>> IssueAsync(TokenRequest request, HttpContext http, TokenService tokens)
    {
        var outcome = await tokens.IssueAsync(request, http.Caller(), http.RequestAborted);
        return outcome.Issued is { } issued ? TypedResults.Created($"/api/v1/tokens/{issued.TokenId}", issued) : Problem(outcome);
    }

    private static async Task<Results<Ok<TokenList>, ProblemHttpResult>> ListAsync(string? organizationId, HttpContext http, TokenService tokens)
    {
        var outcome = await tokens.ListAsync(organizationId, http.Caller());
        return outcome.Tokens is { } list ? TypedResults.Ok(new TokenList(list)) : Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string tokenId, HttpContext http, TokenService tokens)
    {
        var outcome = await tokens.RevokeAsync(tokenId, http.Caller(), http.RequestAborted);
        return outcome.Status == StatusCodes.Status204NoContent ? TypedResults.NoContent() : Problem(outcome);
    }

    private static ProblemHttpResult Problem(TokenOutcome outcome) => Problems.Of(outcome.Status, outcome.Errors!);
}
