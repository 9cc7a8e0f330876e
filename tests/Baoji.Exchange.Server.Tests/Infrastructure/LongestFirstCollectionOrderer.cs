using Xunit.Abstractions;

[assembly: Xunit.TestCollectionOrderer("Baoji.Exchange.Server.Tests.Infrastructure.LongestFirstCollectionOrderer", "Baoji.Exchange.Server.Tests")]

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// Starts the longest collections first. xunit runs as many collections at once as there are cores (two here) and
/// takes them in this order; by its default order the ledger's (about five minutes, much of it waiting on restarted
/// silos and processes) came last and ran alone for its last four minutes, with one core idle.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private static readonly string[] Longest = [LedgerCollection.Name, AzuriteCollection.Name, Figures.FiguresCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var all = testCollections.ToList();
        var first = Longest.SelectMany(name => all.Where(c => c.DisplayName == name));
        return first.Concat(all.Where(c => !Longest.Contains(c.DisplayName))).ToList();
    }
}
