using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>
/// Rows stored together (a record's state and its pending mark) share transactions with other writers' rows, yet are
/// stored both or neither: a shared transaction that fails on another writer's row stores them on their own, and one
/// that fails on their own row stores neither. Real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PartitionGroupCommitTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Rows_written_together_are_stored_both_or_neither_whatever_they_share_a_transaction_with()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient($"GroupCommit{Guid.NewGuid():N}"[..30]);
        await table.CreateAsync();
        var commit = new PartitionGroupCommit(table);
        const string partition = "p";
        await table.AddEntityAsync(new TableEntity(partition, "taken"));

        // Many writers at once: pairs and lone rows; one lone row fails (an insert of a row that exists), one pair fails
        // on its own row. Whatever transactions they shared, each learns its own outcome.
        var pairs = Enumerable.Range(0, 40).Select(i => commit.WriteTogetherAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"state-{i:D2}")),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, $"~mark-{i:D2}")),
        ])).ToList();
        var lone = Enumerable.Range(0, 40).Select(i => commit.WriteAsync(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, $"lone-{i:D2}")))).ToList();
        var refusedLone = commit.WriteAsync(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, "taken")));
        var refusedPair = commit.WriteTogetherAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, "taken")),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, "~mark-refused")),
        ]);

        var etags = await Task.WhenAll(pairs);
        Assert.All(etags, e => Assert.Equal(2, e.Count(t => t != default)));
        await Task.WhenAll(lone);
        Assert.Equal(409, (await Assert.ThrowsAnyAsync<RequestFailedException>(() => refusedLone)).Status);
        Assert.Equal(409, (await Assert.ThrowsAnyAsync<RequestFailedException>(() => refusedPair)).Status);

        var stored = await table.QueryAsync<TableEntity>(select: ["RowKey"]).Select(r => r.RowKey).ToListAsync();
        Assert.Equal(1 + 40 + 40 + 40, stored.Count);
        Assert.DoesNotContain("~mark-refused", stored);
        Assert.All(Enumerable.Range(0, 40), i => Assert.Contains($"~mark-{i:D2}", stored));
        await table.DeleteAsync();
    }
}
