using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>A party of a record with where it sits in the registry, resolved when the record is written.</summary>
[GenerateSerializer, Immutable, Alias("baoji.PartyRef")]
public sealed record PartyRef(
    [property: Id(0)] string OrgId,
    [property: Id(1)] OrganizationKind Kind,
    [property: Id(2)] string? CountyId,
    [property: Id(3)] string CityId,
    [property: Id(4)] Province Province)
{
    /// <summary>The organisation, its county and its city (those that may act for it), nearest first.</summary>
    public IEnumerable<string> Lineage()
    {
        yield return OrgId;
        if (CountyId is not null && CountyId != OrgId)
        {
            yield return CountyId;
        }

        if (CityId != OrgId)
        {
            yield return CityId;
        }
    }
}
