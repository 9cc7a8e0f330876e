using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Grains.Storage;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// The records as their grains stored them: the truth that index rows, figures and the agreement register are
/// projections of. Reads the record grains' state rows directly (and an earlier release's state blobs no row replaced
/// yet), with the serializer the silo writes them with, so that an audit sees what a lost projection left out. Nothing
/// is activated and nothing is held beyond a page of rows and the states being visited.
/// </summary>
public sealed class StoredRecords(RowGrainStorage rows)
{
    /// <summary>The state name of the record grains (their <c>[PersistentState]</c>).</summary>
    private const string StateName = "record";

    /// <summary>States visited at a time: enough to keep the visitor busy, few enough to leave room for commands.</summary>
    private const int Parallelism = 16;

    /// <summary>How many records are stored (keys only are read).</summary>
    public Task<int> CountAsync(CancellationToken cancellationToken) => rows.CountAsync(StateName, cancellationToken);

    /// <summary>
    /// Calls <paramref name="visit"/> with the stored state of every record grain, several at a time (so
    /// <paramref name="visit"/> runs concurrently). A state without a record (its first write failed) is visited too.
    /// </summary>
    public Task ForEachAsync(Func<RecordState, CancellationToken, ValueTask> visit, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Default };
        return Parallel.ForEachAsync(rows.ScanAsync<RecordState>(StateName, cancellationToken), options, visit);
    }
}
