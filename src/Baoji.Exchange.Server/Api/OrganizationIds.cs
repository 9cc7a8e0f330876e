using System.Text.RegularExpressions;
using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Server.Api;

/// <summary>Id rules: GB/T 2260 six-digit codes for cities and counties, short stable strings for schools.</summary>
public static partial class OrganizationIds
{
    [GeneratedRegex("^[1-8][0-9]{5}$")]
    private static partial Regex DivisionCode();

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial Regex SchoolId();

    public static bool IsWellFormed(string? id) => id is not null && SchoolId().IsMatch(id);

    public static string? Problem(string id, OrganizationKind kind) => kind switch
    {
        OrganizationKind.City when !DivisionCode().IsMatch(id) || !id.EndsWith("00", StringComparison.Ordinal) || id.EndsWith("0000", StringComparison.Ordinal)
            => "A city id is its six-digit GB/T 2260 code ending in 00, e.g. 610300.",
        OrganizationKind.County when !DivisionCode().IsMatch(id) || id.EndsWith("00", StringComparison.Ordinal)
            => "A county id is its six-digit GB/T 2260 code, e.g. 610327.",
        OrganizationKind.School when !SchoolId().IsMatch(id) || DivisionCode().IsMatch(id)
            => "A school id is 1–40 letters, digits or dashes and not a six-digit division code.",
        _ => null,
    };
}
