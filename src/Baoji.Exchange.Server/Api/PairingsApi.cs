using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Api.OpenApi;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

public static class PairingsApi
{
    public static RouteGroupBuilder MapPairingsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/pairings").WithTags("Registry").RequireAuthorization().ProducesCommonProblems();
        api.MapGet("", ListAsync).WithSummary("Pairings of an organisation (or all, without organizationId)").ProducesProblems(StatusCodes.Status400BadRequest);
        api.MapPost("", CreateAsync).WithSummary("Create a pairing (admin or a city)").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<Pairing>>, ProblemHttpResult>> ListAsync(
        RegistryReader registry, string? organizationId = null)
    {
        // Checked before it becomes a grain key.
        if (organizationId is not null && (!OrganizationIds.IsWellFormed(organizationId) || await registry.GetAsync(organizationId) is null))
        {
            return Problems.Invalid("organizationId", $"No organisation {organizationId} is registered.");
        }

        var pairings = await registry.PairingsAsync(organizationId);
        return TypedResults.Ok(pairings);
    }

    private static async Task<Results<Created<Pairing>, Ok<Pairing>, ProblemHttpResult>> CreateAsync(
        PairingRequest request, HttpContext http, RegistryReader registry, AccessPolicy access, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        var level = ApiJson.RequireEnum<PairingLevel>(request.Level, "level", errors);
        if (request.PartyIds is not { Count: 2 } parties || parties.Any(p => !OrganizationIds.IsWellFormed(p)) || parties[0] == parties[1])
        {
            errors.Add("partyIds", "partyIds must name two different organisations.");
        }

        if (request.Since is null)
        {
            errors.Add("since", "since is required (yyyy-MM-dd).");
        }

        if (request.Until is { } until && request.Since is { } since && until < since)
        {
            errors.Add("until", "until must not be before since.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var organizations = await Task.WhenAll(request.PartyIds!.Select(registry.GetAsync));
        var expectedKind = level == PairingLevel.County ? OrganizationKind.County : OrganizationKind.School;
        for (var i = 0; i < 2; i++)
        {
            if (organizations[i] is null || organizations[i]!.Kind != expectedKind)
            {
                return Problems.Invalid($"partyIds[{i}]", $"{request.PartyIds![i]} is not a registered {ApiJson.Name(expectedKind)}.");
            }
        }

        if (organizations[0]!.Province == organizations[1]!.Province)
        {
            return Problems.Invalid("partyIds", "A pairing joins one party in Shaanxi and one in Jiangsu.");
        }

        var decision = await access.DecideAsync(http.Caller(), AccessMatrix.PairingCreate, [organizations[0]!.Id, organizations[1]!.Id]);
        if (decision != AccessMatrix.Allowed)
        {
            return Problems.Refused(decision, "Authorization", "Only the administrator or the city of one party may create a pairing.");
        }

        var ordered = organizations.OrderBy(o => o!.Province).Select(o => o!).ToArray();
        var cityA = await registry.CityOfAsync(ordered[0].Id);
        var cityB = await registry.CityOfAsync(ordered[1].Id);
        var pairing = new Pairing($"pair-{ordered[0].Id}-{ordered[1].Id}", level!.Value, [ordered[0].Id, ordered[1].Id],
            request.Since!.Value, request.Until, request.Illustrative ?? false);
        var result = await grains.GetGrain<IPartnershipGrain>(RegistryReader.PartnershipKey(cityA!, cityB!)).AddPairing(pairing);
        if (result.Conflict)
        {
            return Problems.Conflict("partyIds", $"These two are already paired ({result.Pairing.Id}) with other dates.");
        }

        return result.Created ? TypedResults.Created($"/api/v1/pairings?organizationId={ordered[0].Id}", result.Pairing) : TypedResults.Ok(result.Pairing);
    }
}

/// <summary>The body of POST /api/v1/pairings.</summary>
public sealed record PairingRequest(string? Level, IReadOnlyList<string>? PartyIds, DateOnly? Since, DateOnly? Until, bool? Illustrative);
