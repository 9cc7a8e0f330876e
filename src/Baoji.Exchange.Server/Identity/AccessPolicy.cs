using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Registry;

namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// Who may act for whom (a school for itself, a county bureau for itself and its schools, a city for everything
/// under it, the administrator for everything), and what <see cref="AccessMatrix"/> gives the caller on an endpoint.
/// Endpoints ask here; none decides access by itself.
/// </summary>
public sealed class AccessPolicy(PartyResolver parties, RegistryReader registry)
{
    public async Task<bool> CanActForAsync(Caller caller, string organizationId)
    {
        if (caller.IsAdmin)
        {
            return true;
        }

        if (caller.OrganizationId is null || !Api.OrganizationIds.IsWellFormed(organizationId))
        {
            return false;
        }

        // The registry walk that resolves a record's parties also gives the organisation's county and city.
        return (await parties.ResolveAsync(organizationId))?.Lineage().Contains(caller.OrganizationId) ?? false;
    }

    /// <summary>The matrix's answer for a resource that is one organisation (a perspective city, a county, a listed organisation).</summary>
    public async Task<int> DecideAsync(Caller caller, AccessEndpoint endpoint, string organizationId) =>
        AccessMatrix.Decide(endpoint, await RoleOfAsync(caller),
            await CanActForAsync(caller, organizationId) ? AccessRelation.Own : AccessRelation.Other);

    /// <summary>The matrix's answer for a resource of several organisations (a pairing): own when the caller acts for any.</summary>
    public async Task<int> DecideAsync(Caller caller, AccessEndpoint endpoint, IReadOnlyList<string> organizationIds)
    {
        var own = false;
        foreach (var id in organizationIds)
        {
            own = own || await CanActForAsync(caller, id);
        }

        return AccessMatrix.Decide(endpoint, await RoleOfAsync(caller), own ? AccessRelation.Own : AccessRelation.Other);
    }

    /// <summary>The matrix's answer for a record: own when the caller is one of its parties or stands above one.</summary>
    public async Task<int> DecideAsync(Caller caller, AccessEndpoint endpoint, IEnumerable<PartyRef> recordParties) =>
        AccessMatrix.Decide(endpoint, await RoleOfAsync(caller), IsOwn(caller, recordParties) ? AccessRelation.Own : AccessRelation.Other);

    /// <summary>Is the record the caller's: is it one of its parties, or a bureau above one (the administrator: always)?</summary>
    public static bool IsOwn(Caller caller, IEnumerable<PartyRef> recordParties) =>
        caller.IsAdmin || recordParties.Any(p => p.Lineage().Contains(caller.OrganizationId));

    /// <summary>The matrix's answer where the rule does not depend on the resource (admin-only endpoints).</summary>
    public async Task<int> DecideAsync(Caller caller, AccessEndpoint endpoint) =>
        AccessMatrix.Decide(endpoint, await RoleOfAsync(caller), AccessRelation.Own);

    /// <summary>
    /// May the caller see the person references of a drill-down's items? Those who may read every record behind
    /// them: the administrator, the perspective city, and the county whose figures they are.
    /// </summary>
    public static bool MaySeePersons(Caller caller, string perspectiveId, string? countyId) =>
        caller.IsAdmin || caller.OrganizationId == perspectiveId || (countyId is not null && caller.OrganizationId == countyId);

    public async Task<AccessRole> RoleOfAsync(Caller caller)
    {
        if (caller.IsAdmin)
        {
            return AccessRole.Admin;
        }

        // A token of an organisation no longer registered gets no more than a school.
        var organization = caller.OrganizationId is null ? null : await registry.GetAsync(caller.OrganizationId);
        return organization?.Kind switch
        {
            OrganizationKind.City => AccessRole.City,
            OrganizationKind.County => AccessRole.County,
            _ => AccessRole.School,
        };
    }
}
