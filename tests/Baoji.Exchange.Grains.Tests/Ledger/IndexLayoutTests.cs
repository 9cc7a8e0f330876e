using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Grains.Storage;

namespace Baoji.Exchange.Grains.Tests.Ledger;

/// <summary>Where an index partition's rows are stored, now and in the earlier layout whose rows are moved at start.</summary>
public sealed class IndexLayoutTests
{
    private const string Service = "svc-1";

    [Fact]
    public void A_collections_year_is_stored_in_two_partitions_shared_by_every_organisation()
    {
        var organizations = new[] { "610300", "610327", "320300", "320312", "sx-610327-longxian-vec", "js-320381-xinan-ps" };

        var keys = organizations.Select(o => IndexLayout.Of(Service, LedgerIndex.PartitionKey("visits", o, 2024))).ToList();

        Assert.InRange(keys.Select(k => k.PartitionKey).Distinct().Count(), 1, IndexLayout.Buckets);
        Assert.All(keys, k => Assert.Matches(@"^svc-1\|visits\|2024\|b[0-9]+$", k.PartitionKey));
        Assert.Equal(organizations.Select(o => o + "|"), keys.Select(k => k.RowPrefix));
        Assert.NotEqual(IndexLayout.Of(Service, "visits|610327|2024").PartitionKey, IndexLayout.Of(Service, "visits|610327|2025").PartitionKey);
        Assert.NotEqual(IndexLayout.Of(Service, "visits|610327|2024").PartitionKey, IndexLayout.Of(Service, "trainings|610327|2024").PartitionKey);
    }

    [Fact]
    public void An_organisations_rows_are_a_key_range_that_no_other_organisation_shares()
    {
        // "6103" and "6103-a" are both well-formed ids; one's rows must not fall in the other's range.
        var (_, prefix) = IndexLayout.Of(Service, "visits|6103|2024");
        var upper = StableKeys.UpperBound(prefix);

        Assert.True(string.CompareOrdinal(prefix + "vis-1", upper) < 0);
        Assert.False(string.CompareOrdinal("6103-a|vis-1", prefix) >= 0 && string.CompareOrdinal("6103-a|vis-1", upper) < 0);
        Assert.False(string.CompareOrdinal("61030|vis-1", prefix) >= 0 && string.CompareOrdinal("61030|vis-1", upper) < 0);
    }

    [Fact]
    public void Only_the_earlier_layouts_keys_are_taken_for_rows_to_move()
    {
        Assert.Equal("visits|610327|2024", IndexLayout.EarlierPartitionOf(Service, IndexLayout.EarlierPartitionKey(Service, "visits|610327|2024")));
        Assert.Null(IndexLayout.EarlierPartitionOf(Service, IndexLayout.Of(Service, "visits|610327|2024").PartitionKey));
        Assert.Null(IndexLayout.EarlierPartitionOf(Service, IndexLayout.MarkerPartitionKey(Service)));
        Assert.Null(IndexLayout.EarlierPartitionOf(Service, "svc-2|visits|610327|2024"));
    }
}
