using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Registry;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>Whose figures 年度统计 shows: a city its own side (the administrator Baoji's unless it names another), a county its own county.</summary>
public sealed record YearScope(Organization City, Organization? County)
{
    public static async Task<YearScope?> OfAsync(Caller caller, RegistryReader registry, string? perspective)
    {
        if (caller.IsAdmin)
        {
            var city = await registry.GetAsync(Api.OrganizationIds.IsWellFormed(perspective) ? perspective! : "610300");
            return city is { Kind: OrganizationKind.City } ? new YearScope(city, null) : null;
        }

        var self = caller.OrganizationId is { } id ? await registry.GetAsync(id) : null;
        return self?.Kind switch
        {
            OrganizationKind.City => new YearScope(self, null),
            OrganizationKind.County when await registry.CityOfAsync(self.Id) is { } city => new YearScope(city, self),
            _ => null,
        };
    }
}
