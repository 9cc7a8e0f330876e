namespace Baoji.Exchange.Contracts.Registry;

/// <summary>What an organisation is: a city education bureau, a county (district) bureau or a school.</summary>
[GenerateSerializer, Alias("baoji.OrganizationKind")]
public enum OrganizationKind
{
    City = 0,
    County = 1,
    School = 2,
}
