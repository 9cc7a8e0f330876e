using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>
/// Rows written with a shared row (records' states and their pending mark) share transactions with other writers'
/// rows, yet each is stored with a shared row that lists it, or not at all: a shared transaction that fails on another
/// writer's row stores them on their own, and one that fails on their own row stores neither. The shared row is
/// deleted once every row stored with it has let go. Real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PartitionGroupCommitTests(AzuriteFixture azurite)
{
    private const string Partition = "p";
    private const string MarkPrefix = "~mark|";

    [Fact]
    public async Task Rows_written_with_a_shared_row_are_stored_with_one_that_lists_them_or_not_at_all()
    {
        var table = await NewTableAsync();
        var commit = new PartitionGroupCommit(table);
        await table.AddEntityAsync(new TableEntity(Partition, "taken"));

        // Many writers at once: states with a shared row and lone rows; one lone row fails (an insert of a row that
        // exists), one state fails on its own row. Whatever transactions they shared, each learns its own outcome.
        var marked = Enumerable.Range(0, 40).Select(i => commit.WriteWithSharedRowAsync(
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition, $"state-{i:D2}")), new SharedRowRequest(MarkPrefix, $"s{i:D2}"))).ToList();
        var lone = Enumerable.Range(0, 40).Select(i => commit.WriteAsync(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, $"lone-{i:D2}")))).ToList();
        var refusedLone = commit.WriteAsync(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition, "taken")));
        var refusedMarked = commit.WriteWithSharedRowAsync(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition, "taken")), new SharedRowRequest(MarkPrefix, "refused"));

        var written = await Task.WhenAll(marked);
        await Task.WhenAll(lone);
        Assert.Equal(409, (await Assert.ThrowsAnyAsync<RequestFailedException>(() => refusedLone)).Status);
        Assert.Equal(409, (await Assert.ThrowsAnyAsync<RequestFailedException>(() => refusedMarked)).Status);

        // Every stored state names a stored shared row that lists it; the refused one is listed nowhere.
        var rows = await table.QueryAsync<TableEntity>().ToListAsync();
        var marks = rows.Where(r => r.RowKey.StartsWith(MarkPrefix, StringComparison.Ordinal))
            .ToDictionary(r => r.RowKey, r => r.GetString(PartitionGroupCommit.SharedRowTagsProperty)!.Split(','));
        Assert.Equal(1 + 40 + 40 + marks.Count, rows.Count);
        Assert.InRange(marks.Count, 1, 40);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"s{i:D2}"), marks.Values.SelectMany(t => t).Order());
        foreach (var (i, lease) in written.Select((w, i) => (i, w.Lease)))
        {
            var state = rows.Single(r => r.RowKey == $"state-{i:D2}");
            Assert.Equal(lease.Key, state.GetString(PartitionGroupCommit.SharedRowProperty));
            Assert.Contains($"s{i:D2}", marks[lease.Key]);
        }

        // A shared row stays while any row stored with it holds it, and goes when the last lets go (once each).
        var byMark = written.GroupBy(w => w.Lease.Key).ToList();
        foreach (var group in byMark)
        {
            var holders = group.ToList();
            foreach (var holder in holders.Skip(1))
            {
                await holder.Lease.ReleaseAsync();
                await holder.Lease.ReleaseAsync();
            }

            Assert.True((await table.GetEntityIfExistsAsync<TableEntity>(Partition, group.Key)).HasValue);
            await holders[0].Lease.ReleaseAsync();
            Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(Partition, group.Key)).HasValue);
        }

        await table.DeleteAsync();
    }

    [Fact]
    public async Task States_stored_in_one_transaction_share_one_row()
    {
        var table = await NewTableAsync();
        var commit = new PartitionGroupCommit(table);

        // Nothing refused: concurrent states go in few transactions, each with one shared row listing its states.
        var written = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => commit.WriteWithSharedRowAsync(
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition, $"state-{i:D2}")), new SharedRowRequest(MarkPrefix, $"s{i:D2}"))));

        var marks = (await table.QueryAsync<TableEntity>().ToListAsync()).Where(r => r.RowKey.StartsWith(MarkPrefix, StringComparison.Ordinal)).ToList();
        Assert.InRange(marks.Count, 1, 39);
        Assert.Equal(marks.Count, written.Select(w => w.Lease.Key).Distinct().Count());

        await table.DeleteAsync();
    }

    private async Task<TableClient> NewTableAsync()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient($"GroupCommit{Guid.NewGuid():N}"[..30]);
        await table.CreateAsync();
        return table;
    }
}
