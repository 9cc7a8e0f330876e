namespace Baoji.Exchange.Server.Tests.Access;

/// <summary>
/// The callers the access matrix is run with: the administrator, each role on the Baoji side, the same roles on the
/// Xuzhou side, and a school of another county pair. Own and other resources are chosen per caller.
/// </summary>
/// <param name="Org">The organisation the token acts for (null: the administrator).</param>
/// <param name="City">The caller's city (for the administrator: Baoji).</param>
/// <param name="OwnCounty">A county under the caller (its own county; for a city one of its counties).</param>
/// <param name="OtherCity">The city of the other side.</param>
/// <param name="OtherCounty">A county not the caller's, and the city it belongs to.</param>
/// <param name="OtherOrg">An organisation not under the caller.</param>
/// <param name="OwnVisit">A visit the caller is a party of (or stands above): from, to, level.</param>
/// <param name="OtherVisit">A visit of another county pair, or null when every record lies under the caller.</param>
public sealed record MatrixActor(
    string Name, string? Org, string City, string OwnCounty, string OtherCity, (string City, string County) OtherCounty, string OtherOrg,
    (string From, string To, string Level) OwnVisit, (string From, string To, string Level)? OtherVisit)
{
    private static readonly (string, string, string) LongxianPair = ("610327", "320312", "bureau");
    private static readonly (string, string, string) QianyangPair = ("610328", "320381", "bureau");
    private static readonly (string, string, string) VocationalPair = ("sx-610327-longxian-vec", "js-320312-tongshan-svs", "school");
    private static readonly (string, string, string) PrimaryPair = ("sx-610328-qiwen-ps", "js-320381-xinan-ps", "school");

    public static readonly IReadOnlyList<MatrixActor> All =
    [
        new("admin", null, "610300", "610327", "320300", ("610300", "610324"), "320381", LongxianPair, QianyangPair),
        new("Baoji city 610300", "610300", "610300", "610324", "320300", ("320300", "320382"), "320381", ("610300", "320300", "bureau"), null),
        new("Longxian county 610327", "610327", "610300", "610327", "320300", ("610300", "610324"), "320381", LongxianPair, QianyangPair),
        new("Longxian school", "sx-610327-longxian-vec", "610300", "610327", "320300", ("610300", "610324"), "320381", VocationalPair, PrimaryPair),
        new("Xuzhou city 320300", "320300", "320300", "320382", "610300", ("610300", "610324"), "610328", ("320300", "610300", "bureau"), null),
        new("Tongshan county 320312", "320312", "320300", "320312", "610300", ("320300", "320382"), "610328", ("320312", "610327", "bureau"), ("320381", "610328", "bureau")),
        new("Tongshan school", "js-320312-tongshan-svs", "320300", "320312", "610300", ("610300", "610324"), "610328",
            ("js-320312-tongshan-svs", "sx-610327-longxian-vec", "school"), ("js-320381-xinan-ps", "sx-610328-qiwen-ps", "school")),
        new("unrelated school (Qianyang)", "sx-610328-qiwen-ps", "610300", "610328", "320300", ("610300", "610327"), "610327", PrimaryPair, VocationalPair),
    ];

    public static MatrixActor Named(string name) => All.Single(a => a.Name == name);

    /// <summary>The organisation that stands for the caller's "own" where the administrator has none.</summary>
    public string OwnOrg => Org ?? OwnCounty;

    public override string ToString() => Name;
}
