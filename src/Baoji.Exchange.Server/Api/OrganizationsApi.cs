using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Api.OpenApi;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

public static class OrganizationsApi
{
    public static RouteGroupBuilder MapOrganizationsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/organizations").WithTags("Registry").RequireAuthorization().ProducesCommonProblems();
        api.MapGet("", ListAsync).WithSummary("Organisations, filtered by kind and parent").RequireAccess(AccessMatrix.OrganizationsList).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
        api.MapGet("{id}", GetAsync).WithSummary("One organisation").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapPut("{id}", PutAsync).WithSummary("Create or update an organisation (admin)").RequireAccess(AccessMatrix.OrganizationPut).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<Organization>>, ProblemHttpResult>> ListAsync(
        RegistryReader registry, string? kind = null, string? parentId = null)
    {
        OrganizationKind? wanted = null;
        if (kind is not null)
        {
            if (!ApiJson.TryParseEnum<OrganizationKind>(kind, out var parsed))
            {
                return Problems.Invalid("kind", "kind must be city, county or school.");
            }

            wanted = parsed;
        }

        if (parentId is not null && !OrganizationIds.IsWellFormed(parentId))
        {
            return Problems.Invalid("parentId", "parentId is not a well-formed organisation id.");
        }

        return TypedResults.Ok(await registry.ListAsync(wanted, parentId));
    }

    private static async Task<Results<Ok<Organization>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        if (!OrganizationIds.IsWellFormed(id))
        {
            return Problems.Invalid("id", "The id is not a well-formed organisation id.");
        }

        return await grains.GetGrain<IOrganizationGrain>(id).Get() is { } organization
            ? TypedResults.Ok(organization)
            : Problems.NotFound("id", $"No organisation {id} is registered.");
    }

    private static async Task<Results<Ok<Organization>, Created<Organization>, ProblemHttpResult>> PutAsync(
        string id, OrganizationRequest request, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        var kind = ApiJson.RequireEnum<OrganizationKind>(request.Kind, "kind", errors);
        var province = ApiJson.RequireEnum<Province>(request.Province, "province", errors);
        if (RecordRules.TextProblem("name", request.Name, 100, required: true, multiLine: false) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }

        if (kind is { } k && OrganizationIds.Problem(id, k) is { } idProblem)
        {
            errors.Add("id", idProblem);
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        if (kind == OrganizationKind.City && request.ParentId is not null)
        {
            return Problems.Invalid("parentId", "A city has no parent.");
        }

        if (kind != OrganizationKind.City)
        {
            var expectedParent = kind == OrganizationKind.County ? OrganizationKind.City : OrganizationKind.County;
            var parent = OrganizationIds.IsWellFormed(request.ParentId)
                ? await grains.GetGrain<IOrganizationGrain>(request.ParentId!).Get()
                : null;
            if (parent is null || parent.Kind != expectedParent)
            {
                return Problems.Invalid("parentId", $"parentId must be a registered {ApiJson.Name(expectedParent)}.");
            }

            if (parent.Province != province)
            {
                return Problems.Invalid("province", $"province must be that of the parent ({ApiJson.Name(parent.Province)}).");
            }
        }

        var grain = grains.GetGrain<IOrganizationGrain>(id);
        var existed = await grain.Get() is not null;
        var organization = new Organization(id, request.Name!.Trim(), kind!.Value, request.ParentId, province!.Value, request.Illustrative ?? false);
        await grain.Upsert(organization);
        return existed ? TypedResults.Ok(organization) : TypedResults.Created($"/api/v1/organizations/{id}", organization);
    }
}

/// <summary>The body of PUT /api/v1/organizations/{id}.</summary>
public sealed record OrganizationRequest(string? Name, string? Kind, string? ParentId, string? Province, bool? Illustrative);
