using Baoji.Exchange.Server.Accounts;
using Baoji.Exchange.Server.Api.OpenApi;
using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using FromHeaderAttribute = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;

namespace Baoji.Exchange.Server.Api;

/// <summary>Accounts for people (who signs in to the pages); who manages whose is <see cref="AccessMatrix"/>'s, through <see cref="AccountService"/>.</summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/accounts").WithTags("Accounts").RequireAuthorization().AddEndpointFilter(IdempotencyKeys.Filter)
            .ProducesCommonProblems();
        api.MapPost("", CreateAsync).WithSummary("Create a person's account for an organisation (Idempotency-Key: sent again, the same account)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        api.MapGet("", ListAsync).WithSummary("The accounts of an organisation").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("{login}", GetAsync).WithSummary("One account").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("{login}/disable", (string login, HttpContext http, AccountService accounts) => SetDisabledAsync(login, true, http, accounts))
            .WithSummary("Disable an account: its sign-ins end and no new one is accepted").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        api.MapPost("{login}/enable", (string login, HttpContext http, AccountService accounts) => SetDisabledAsync(login, false, http, accounts))
            .WithSummary("Enable a disabled account").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        api.MapPost("{login}/password", ResetPasswordAsync).WithSummary("Set a new password; lifts a lockout and ends the account's sign-ins")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        app.MapGet("api/v1/me", async (HttpContext http, AccountService accounts) => TypedResults.Ok(await accounts.MeAsync(http.Caller())))
            .WithTags("Accounts").RequireAuthorization().RequireAccess(AccessMatrix.Me).WithSummary("Who the caller is: organisation, role, and the signed-in person")
            .ProducesCommonProblems().ProducesProblems(StatusCodes.Status403Forbidden);
        app.MapPost("api/v1/me/password", ChangeOwnPasswordAsync).WithTags("Accounts").RequireAuthorization().RequireAccess(AccessMatrix.MePassword)
            .WithSummary("A signed-in person changes their own password (current and new); their sign-ins end")
            .ProducesCommonProblems().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> ChangeOwnPasswordAsync(
        OwnPasswordRequest request, HttpContext http, AccountService accounts) =>
        Respond(await accounts.ChangeOwnPasswordAsync(http.Caller(), request, http.RequestAborted));

    private static async Task<Results<Created<AccountView>, ProblemHttpResult>> CreateAsync(
        AccountRequest request, HttpContext http, AccountService accounts, [FromHeader(Name = IdempotencyKeys.Header)] string? key)
    {
        var outcome = await accounts.CreateAsync(request, http.Caller(), key, http.RequestAborted);
        return outcome.Account is { } account ? TypedResults.Created($"/api/v1/accounts/{account.Login}", account) : Problem(outcome);
    }

    private static async Task<Results<Ok<AccountList>, ProblemHttpResult>> ListAsync(string? organizationId, HttpContext http, AccountService accounts)
    {
        var outcome = await accounts.ListAsync(organizationId, http.Caller());
        return outcome.Accounts is { } list ? TypedResults.Ok(new AccountList(list)) : Problem(outcome);
    }

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> GetAsync(string login, HttpContext http, AccountService accounts) =>
        Respond(await accounts.GetAsync(login, http.Caller()));

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> SetDisabledAsync(string login, bool disabled, HttpContext http, AccountService accounts) =>
        Respond(await accounts.SetDisabledAsync(login, disabled, http.Caller(), http.RequestAborted));

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> ResetPasswordAsync(
        string login, PasswordResetRequest request, HttpContext http, AccountService accounts) =>
        Respond(await accounts.ResetPasswordAsync(login, request, http.Caller(), http.RequestAborted));

    private static Results<Ok<AccountView>, ProblemHttpResult> Respond(AccountOutcome outcome) =>
        outcome.Account is { } account ? TypedResults.Ok(account) : Problem(outcome);

    private static ProblemHttpResult Problem(AccountOutcome outcome) => Problems.Of(outcome.Status, outcome.Errors!);
}

/// <summary>The answer of GET /api/v1/accounts: an organisation's accounts, by login.</summary>
public sealed record AccountList(IReadOnlyList<AccountView> Items);
