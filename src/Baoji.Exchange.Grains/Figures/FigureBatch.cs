using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Ledger;
using Orleans.Serialization;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>The totals of one scope as last stored, with the ETag that guards their next write.</summary>
internal sealed record FigureTotals(Dictionary<string, decimal> Values, ETag ETag);

/// <summary>A shared item (a person) whose row a delta changes: added to or removed from the record's items.</summary>
internal readonly record struct ChangedItem(string Scope, string Figure, string Key, bool Adding)
{
    public string RowKey => FigureRows.Item(Scope, Figure, Key);
}

/// <summary>
/// The rows of one table transaction for deltas of one partition, computed from the rows read before: no storage
/// here, so what a batch writes can be followed (and tested) apart from how it is sent. Each record's source row,
/// the shared-item rows the deltas change, and one totals row per changed scope holding the sum of all the deltas'
/// changes: N records in a scope cost N + 1 rows, not 2N. The caller keeps a row from being written twice (one
/// delta per record, no shared item changed by two deltas), so each row's ETag still guards what it was read as.
/// </summary>
internal sealed class FigureBatch(string partition, Serializer serializer, IReadOnlyDictionary<string, FigureTotals> cached)
{
    /// <summary>The most operations one entity-group transaction may hold.</summary>
    public const int MaxActions = PartitionGroupCommit.MaxActions;

    private readonly List<TableTransactionAction> _rows = [];

    /// <summary>scope → figure → change: what the batch adds to the stored totals.</summary>
    private readonly Dictionary<string, Dictionary<string, decimal>> _changes = new(StringComparer.Ordinal);

    private long _bytes;

    /// <summary>How many deltas the batch holds.</summary>
    public int Count { get; private set; }

    /// <summary>The shared items whose rows a record's change from <paramref name="old"/> to <paramref name="contributions"/> writes.</summary>
    public static IReadOnlyList<ChangedItem> ChangedItems(IReadOnlyList<Contribution> old, IReadOnlyList<Contribution> contributions)
    {
        var before = Shared(old);
        var after = Shared(contributions);
        return [.. before.Except(after).Select(i => new ChangedItem(i.Scope, i.Figure, i.Key, Adding: false))
            .Concat(after.Except(before).Select(i => new ChangedItem(i.Scope, i.Figure, i.Key, Adding: true)))];
    }

    /// <summary>
    /// Adds a record's new version, given its source row (null when new) and the rows of its changed items (null when
    /// absent); false, changing nothing, when the transaction would grow past its limits. The first delta always fits.
    /// </summary>
    public bool TryAdd(
        string recordId,
        int version,
        IReadOnlyList<Contribution> contributions,
        TableEntity? source,
        IReadOnlyList<Contribution> old,
        IReadOnlyList<ChangedItem> items,
        IReadOnlyDictionary<string, TableEntity?> itemRows)
    {
        var rows = new List<TableTransactionAction>();
        var changes = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        Dictionary<string, decimal> ChangesOf(string scope)
        {
            if (!changes.TryGetValue(scope, out var c))
            {
                changes[scope] = c = new Dictionary<string, decimal>(StringComparer.Ordinal);
            }

            return c;
        }

        // The record's own figures change the totals of each scope they differ in. Which records a figure counts is
        // read from the source rows when asked (a drill-down), not kept in rows of its own: 3 fewer rows per visit.
        // Rows "rec|<scope>|<id>" an earlier release wrote for that are no longer read.
        var oldOwn = OwnByScope(old);
        var newOwn = OwnByScope(contributions);
        foreach (var scope in oldOwn.Keys.Union(newOwn.Keys))
        {
            var before = oldOwn.GetValueOrDefault(scope) ?? [];
            var after = newOwn.GetValueOrDefault(scope) ?? [];
            if (before.Count == after.Count && !before.Except(after).Any())
            {
                continue;
            }

            var scopeChanges = ChangesOf(scope);
            foreach (var figure in before.Keys.Union(after.Keys))
            {
                scopeChanges[figure] = scopeChanges.GetValueOrDefault(figure) - before.GetValueOrDefault(figure) + after.GetValueOrDefault(figure);
            }
        }

        // Shared items (people): counted while at least one record contributes them.
        foreach (var item in items)
        {
            var row = itemRows.GetValueOrDefault(item.RowKey);
            if (row is null && !item.Adding)
            {
                continue;
            }

            var refs = row is null ? [] : RefsOf(serializer, row);
            var wasCounted = refs.Count > 0;
            refs.Remove(recordId);
            if (item.Adding)
            {
                refs.Add(recordId);
            }

            ChangesOf(item.Scope)[item.Figure] = ChangesOf(item.Scope).GetValueOrDefault(item.Figure) + (refs.Count > 0 ? 1 : 0) - (wasCounted ? 1 : 0);
            var entity = new TableEntity(partition, item.RowKey) { ["Refs"] = serializer.SerializeToArray(refs) };
            rows.Add(row is null ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : refs.Count == 0 ? new TableTransactionAction(TableTransactionActionType.Delete, entity, row.ETag)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, row.ETag));
        }

        var sourceEntity = new TableEntity(partition, FigureRows.Source(recordId))
        {
            ["Version"] = version,
            ["Contributions"] = serializer.SerializeToArray(contributions.ToList()),
        };
        rows.Add(source is null
            ? new TableTransactionAction(TableTransactionActionType.Add, sourceEntity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, sourceEntity, source.ETag));

        var bytes = rows.Sum(PartitionGroupCommit.EstimatedBytes);
        var scopes = _changes.Keys.Union(changes.Keys, StringComparer.Ordinal).ToList();
        if (Count > 0 && (_rows.Count + rows.Count + scopes.Count > MaxActions
            || _bytes + bytes + scopes.Sum(TotalsBytes) > PartitionGroupCommit.MaxBatchBytes))
        {
            return false;
        }

        _rows.AddRange(rows);
        _bytes += bytes;
        foreach (var (scope, figures) in changes)
        {
            if (!_changes.TryGetValue(scope, out var merged))
            {
                _changes[scope] = merged = new Dictionary<string, decimal>(StringComparer.Ordinal);
            }

            foreach (var (figure, change) in figures)
            {
                merged[figure] = merged.GetValueOrDefault(figure) + change;
            }
        }

        Count++;
        return true;
    }

    /// <summary>
    /// The transaction's actions, the changed totals rows last (each replacing what the cache read, or added), and the
    /// totals each scope will hold once it commits, with the index of its action for the new ETag.
    /// </summary>
    public (List<TableTransactionAction> Actions, List<(string Scope, Dictionary<string, decimal> Values, int Index)> Totals) Build()
    {
        var actions = new List<TableTransactionAction>(_rows);
        var totals = new List<(string Scope, Dictionary<string, decimal> Values, int Index)>();
        foreach (var (scope, changes) in _changes)
        {
            var values = new Dictionary<string, decimal>(cached.TryGetValue(scope, out var stored) ? stored.Values : [], StringComparer.Ordinal);
            foreach (var (figure, change) in changes)
            {
                values[figure] = values.GetValueOrDefault(figure) + change;
            }

            totals.Add((scope, values, actions.Count));
            var entity = new TableEntity(partition, FigureRows.Totals(scope)) { ["Values"] = serializer.SerializeToArray(values) };
            actions.Add(stored is not null
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, stored.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, entity));
        }

        return (actions, totals);
    }

    /// <summary>The records that contribute a shared item, as its row holds them.</summary>
    public static List<string> RefsOf(Serializer serializer, TableEntity itemRow) => serializer.Deserialize<List<string>>(itemRow.GetBinary("Refs"))!;

    /// <summary>A totals row's weight, roughly: its key and a serialized name and amount per figure.</summary>
    private long TotalsBytes(string scope) =>
        512 + 96L * ((cached.TryGetValue(scope, out var stored) ? stored.Values.Count : 0) + (_changes.TryGetValue(scope, out var c) ? c.Count : 0));

    private static Dictionary<string, Dictionary<string, decimal>> OwnByScope(IEnumerable<Contribution> contributions) =>
        contributions.Where(c => c.ItemKey is null).GroupBy(c => c.Scope, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(c => c.Figure, StringComparer.Ordinal).ToDictionary(f => f.Key, f => f.Sum(c => c.Weight), StringComparer.Ordinal), StringComparer.Ordinal);

    private static HashSet<(string Scope, string Figure, string Key)> Shared(IEnumerable<Contribution> contributions) =>
        [.. contributions.Where(c => c.ItemKey is not null).Select(c => (c.Scope, c.Figure, c.ItemKey!))];
}
