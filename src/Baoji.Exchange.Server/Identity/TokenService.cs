using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Registry;

namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// API tokens: issue, list and revoke, as <see cref="AccessMatrix"/> allows (the administrator). The API and the 管理
/// page both call here. A token is listed in its organisation's register (<see cref="IOrganizationTokensGrain"/>)
/// before it is stored, so a crash between the two leaves at worst an entry without a token, which the list leaves out,
/// never a working token nobody can see.
/// </summary>
public sealed class TokenService(IGrainFactory grains, AccessPolicy access, RegistryReader registry, CommandResilience resilience, TimeProvider time)
{
    /// <summary>The longest label: a few words on what the token is for.</summary>
    public const int MaxLabelLength = 100;

    public async Task<TokenOutcome> IssueAsync(TokenRequest request, Caller caller, CancellationToken cancellationToken)
    {
        if (await access.DecideAsync(caller, AccessMatrix.TokenIssue) is var refused and not AccessMatrix.Allowed)
        {
            return TokenOutcome.Problem(refused, "Authorization", $"This token may not call {AccessMatrix.TokenIssue}.");
        }

        var errors = new FieldErrors();
        if (!OrganizationIds.IsWellFormed(request.OrganizationId) || await registry.GetAsync(request.OrganizationId!) is null)
        {
            errors.Add("organizationId", "organizationId must be a registered organisation.");
        }

        var label = string.IsNullOrWhiteSpace(request.Label) ? null : request.Label;
        if (RecordRules.TextProblem("label", label, MaxLabelLength, required: false, multiLine: false) is { } labelProblem)
        {
            errors.Add("label", labelProblem);
        }

        if (errors.Any)
        {
            return TokenOutcome.Invalid(errors);
        }

        var organizationId = request.OrganizationId!;
        var (tokenId, token) = TokenFormat.Create();
        var entry = new TokenEntry(tokenId, caller.ToActor(), label?.Trim(), time.GetUtcNow());

        // The register first (both calls are idempotent for this token id, so a whole-command retry repeats nothing).
        if (!await resilience.RunAsync(t => Register(organizationId).Add(entry).WaitAsync(t), cancellationToken))
        {
            return TokenOutcome.Problem(409, "organizationId",
                $"{organizationId} already has {IOrganizationTokensGrain.MaxTokens} tokens.");
        }

        var hash = TokenFormat.Hash(TokenFormat.SecretOf(token));
        await resilience.RunAsync(t => grains.GetGrain<ITokenGrain>(tokenId).Issue(organizationId, hash).WaitAsync(t), cancellationToken);
        return new TokenOutcome(201, Issued: new TokenResponse(tokenId, token, organizationId, entry.Label, entry.IssuedAt));
    }

    public async Task<TokenOutcome> RevokeAsync(string tokenId, Caller caller, CancellationToken cancellationToken)
    {
        if (await access.DecideAsync(caller, AccessMatrix.TokenRevoke) is var refused and not AccessMatrix.Allowed)
        {
            return TokenOutcome.Problem(refused, "Authorization", $"This token may not call {AccessMatrix.TokenRevoke}.");
        }

        return IsTokenId(tokenId) && await resilience.RunAsync(t => grains.GetGrain<ITokenGrain>(tokenId).Revoke().WaitAsync(t), cancellationToken)
            ? new TokenOutcome(204)
            : TokenOutcome.Problem(404, "tokenId", $"No token {tokenId} was issued.");
    }

    /// <summary>The tokens of one organisation, or (null) of every registered organisation; newest first.</summary>
    public async Task<TokenOutcome> ListAsync(string? organizationId, Caller caller)
    {
        if (await access.DecideAsync(caller, AccessMatrix.TokenList) is var refused and not AccessMatrix.Allowed)
        {
            return TokenOutcome.Problem(refused, "Authorization", $"This token may not call {AccessMatrix.TokenList}.");
        }

        if (organizationId is not null && !OrganizationIds.IsWellFormed(organizationId))
        {
            return TokenOutcome.Problem(400, "organizationId", "organizationId names the organisation whose tokens to list.");
        }

        IEnumerable<string> organizations = organizationId is null
            ? (await registry.ListAsync(null, null)).Select(o => o.Id)
            : [organizationId];
        var lists = await Task.WhenAll(organizations.Select(ListOneAsync));
        return new TokenOutcome(200, Tokens: [.. lists.SelectMany(l => l).OrderByDescending(t => t.IssuedAt).ThenBy(t => t.TokenId, StringComparer.Ordinal)]);
    }

    private async Task<IEnumerable<TokenView>> ListOneAsync(string organizationId)
    {
        var entries = await Register(organizationId).List();
        var tokens = await Task.WhenAll(entries.Select(e => grains.GetGrain<ITokenGrain>(e.TokenId).Get()));

        // An entry whose token was never stored (a crash after listing it) is no token; neither is one of another organisation.
        return entries.Zip(tokens)
            .Where(p => p.Second is { } token && token.OrganizationId == organizationId)
            .Select(p => new TokenView(p.First.TokenId, organizationId, p.First.Label, p.First.IssuedAt,
                p.First.IssuedBy.Name, p.First.IssuedBy.Person, p.Second!.RevokedAt));
    }

    private static bool IsTokenId(string tokenId) => tokenId.Length == 16 && tokenId.All(char.IsAsciiHexDigitLower);

    private IOrganizationTokensGrain Register(string organizationId) => grains.GetGrain<IOrganizationTokensGrain>(organizationId);
}
