
namespace Baoji.Exchange.Server.Tests.Renamed;

/// <summary>The same state after a rename of the class, its namespace and its members; only the [Id]s are kept.</summary>
[GenerateSerializer, Alias("baoji.test.CountyVisitTally")]
public sealed class CountyVisitTally
{
    [Id(0)] public string County { get; set; } = "";
    [Id(1)] public int VisitCount { get; set; }
    [Id(2)] public List<string> SubjectNames { get; set; } = [];
}
