using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// Keeps the totals of one partnership-year as records change. Each delta is applied in one table transaction
/// guarded by ETags, so a repeated, reordered or half-failed delta never counts twice; the totals are cached in
/// memory for the report. Rows, not grain state, hold the per-record detail, so nothing grows with the records.
/// </summary>
public sealed class YearFiguresGrain(TableServiceClient tables, Serializer serializer, IOptions<ClusterOptions> cluster, Failpoints failpoints)
    : Grain, IYearFiguresGrain
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Tables known to exist, by address: one flag for the whole process skipped the creation against a second
    /// storage account (two hosts in one process, as the tests run them), whose figures then failed with TableNotFound.
    /// </summary>
    private static readonly ConcurrentDictionary<Uri, bool> s_createdTables = new();

    private readonly TableClient _table = tables.GetTableClient(FigureRows.TableName);
    private Dictionary<string, Totals> _totals = new(StringComparer.Ordinal);
    private string _partition = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The service id keeps two deployments sharing one storage account apart, as grain state is.
        _partition = FigureRows.Partition(cluster.Value.ServiceId, this.GetPrimaryKeyString());
        if (!s_createdTables.ContainsKey(_table.Uri))
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            s_createdTables[_table.Uri] = true;
        }

        await LoadTotalsAsync(cancellationToken);
    }

    public async Task Apply(string recordId, int version, IReadOnlyList<Contribution> contributions)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A record's first version is nearly always new here: its first try skips reading the record's source
                // row and adds it instead, so a repeat (a repair re-sending it) fails as a whole and is read the next time.
                await TryApplyAsync(recordId, version, contributions, assumeNew: attempt == 1 && version == 1);
                return;
            }
            catch (Exception e) when (attempt < MaxAttempts && e is RequestFailedException or TableTransactionFailedException)
            {
                // Someone else (another activation during a silo change) or a half-known outcome: re-read, re-decide.
                await LoadTotalsAsync(CancellationToken.None);
            }
        }
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> GetTotals() =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>>(
            _totals.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<string, decimal>)new Dictionary<string, decimal>(t.Value.Values), StringComparer.Ordinal));

    public async Task Reset()
    {
        var keys = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>($"PartitionKey eq '{_partition}'", select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        // A transaction holds at most 100 operations.
        foreach (var chunk in keys.Chunk(100))
        {
            await _table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(_partition, k), ETag.All)));
        }

        _totals = new Dictionary<string, Totals>(StringComparer.Ordinal);
    }

    public async Task<FigureItemsPage> GetItemsPage(string scope, string figure, string? after, int max)
    {
        // People are rows of their own; a record is an item of the figures its source row holds contributions to.
        var shared = FigureNames.IsShared(figure);
        var prefix = shared ? FigureRows.ItemPrefix(scope, figure) : FigureRows.SourcePrefix;
        var items = new List<FigureItem>();
        await foreach (var row in ScanAsync(prefix, after is null ? null : prefix + after))
        {
            var key = row.RowKey[prefix.Length..];
            if (shared)
            {
                items.Add(new FigureItem(key, Refs(row), 1));
            }
            else if (OwnWeight(row, scope, figure) is { } weight)
            {
                items.Add(new FigureItem(key, [key], weight));
            }

            if (items.Count == max)
            {
                return new FigureItemsPage(items, key);
            }
        }

        return new FigureItemsPage(items, null);
    }

    public async Task<FigureSourcesPage> GetSourcesPage(string? after, int max)
    {
        var prefix = FigureRows.SourcePrefix;
        var items = new List<FigureSource>();
        await foreach (var row in ScanAsync(prefix, after is null ? null : prefix + after))
        {
            var recordId = row.RowKey[prefix.Length..];
            items.Add(new FigureSource(recordId, row.GetInt32("Version") ?? 0, ContributionsOf(row)));
            if (items.Count == max)
            {
                return new FigureSourcesPage(items, recordId);
            }
        }

        return new FigureSourcesPage(items, null);
    }

    private async Task TryApplyAsync(string recordId, int version, IReadOnlyList<Contribution> contributions, bool assumeNew)
    {
        var source = assumeNew ? null : await GetAsync(FigureRows.Source(recordId));
        if (source is not null && source.GetInt32("Version") >= version)
        {
            return;
        }

        var old = source is null ? [] : ContributionsOf(source);
        var actions = new List<TableTransactionAction>();
        var totals = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        Dictionary<string, decimal> TotalsOf(string scope)
        {
            if (!totals.TryGetValue(scope, out var t))
            {
                totals[scope] = t = new Dictionary<string, decimal>(_totals.TryGetValue(scope, out var cached) ? cached.Values : [], StringComparer.Ordinal);
            }

            return t;
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

            var scopeTotals = TotalsOf(scope);
            foreach (var figure in before.Keys.Union(after.Keys))
            {
                scopeTotals[figure] = scopeTotals.GetValueOrDefault(figure) - before.GetValueOrDefault(figure) + after.GetValueOrDefault(figure);
            }
        }

        // Shared items (people): counted while at least one record contributes them.
        var oldShared = Shared(old);
        var newShared = Shared(contributions);
        foreach (var (scope, figure, key) in oldShared.Except(newShared).Concat(newShared.Except(oldShared)))
        {
            var adding = newShared.Contains((scope, figure, key));
            var row = await GetAsync(FigureRows.Item(scope, figure, key));
            if (row is null && !adding)
            {
                continue;
            }

            var refs = row is null ? [] : Refs(row);
            var wasCounted = refs.Count > 0;
            refs.Remove(recordId);
            if (adding)
            {
                refs.Add(recordId);
            }

            TotalsOf(scope)[figure] = TotalsOf(scope).GetValueOrDefault(figure) + (refs.Count > 0 ? 1 : 0) - (wasCounted ? 1 : 0);
            var entity = new TableEntity(_partition, FigureRows.Item(scope, figure, key)) { ["Refs"] = serializer.SerializeToArray(refs) };
            actions.Add(row is null ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : refs.Count == 0 ? new TableTransactionAction(TableTransactionActionType.Delete, entity, row.ETag)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, row.ETag));
        }

        var totalActions = new List<(string Scope, int Index)>();
        foreach (var (scope, values) in totals)
        {
            totalActions.Add((scope, actions.Count));
            var entity = new TableEntity(_partition, FigureRows.Totals(scope)) { ["Values"] = serializer.SerializeToArray(values) };
            actions.Add(_totals.TryGetValue(scope, out var cached)
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, cached.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, entity));
        }

        var sourceEntity = new TableEntity(_partition, FigureRows.Source(recordId))
        {
            ["Version"] = version,
            ["Contributions"] = serializer.SerializeToArray(contributions.ToList()),
        };
        actions.Add(source is null
            ? new TableTransactionAction(TableTransactionActionType.Add, sourceEntity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, sourceEntity, source.ETag));

        var response = await _table.SubmitTransactionAsync(actions);
        // Committed, but neither this grain's cache nor its caller learns so: the next delta meets a stale ETag.
        failpoints.Hit(FailpointNames.FiguresInTransaction);
        foreach (var (scope, index) in totalActions)
        {
            _totals[scope] = new Totals(totals[scope], response.Value[index].Headers.ETag ?? ETag.All);
        }
    }

    private static Dictionary<string, Dictionary<string, decimal>> OwnByScope(IEnumerable<Contribution> contributions) =>
        contributions.Where(c => c.ItemKey is null).GroupBy(c => c.Scope, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(c => c.Figure, StringComparer.Ordinal).ToDictionary(f => f.Key, f => f.Sum(c => c.Weight), StringComparer.Ordinal), StringComparer.Ordinal);

    private static HashSet<(string Scope, string Figure, string Key)> Shared(IEnumerable<Contribution> contributions) =>
        [.. contributions.Where(c => c.ItemKey is not null).Select(c => (c.Scope, c.Figure, c.ItemKey!))];

    private List<string> Refs(TableEntity row) => serializer.Deserialize<List<string>>(row.GetBinary("Refs"))!;

    /// <summary>What the record of a source row adds to <paramref name="figure"/> in <paramref name="scope"/> as an item of its own, or null if nothing.</summary>
    private decimal? OwnWeight(TableEntity source, string scope, string figure)
    {
        var own = ContributionsOf(source).Where(c => c.ItemKey is null && c.Scope == scope && c.Figure == figure).ToList();
        return own.Count > 0 ? own.Sum(c => c.Weight) : null;
    }

    /// <summary>The contributions a source row holds: the record's last version as this shard counts it.</summary>
    private List<Contribution> ContributionsOf(TableEntity source) => serializer.Deserialize<List<Contribution>>(source.GetBinary("Contributions"))!;

    private async Task LoadTotalsAsync(CancellationToken cancellationToken)
    {
        // Built aside and swapped in, so an interleaved GetTotals never sees a half-loaded set.
        var loaded = new Dictionary<string, Totals>(StringComparer.Ordinal);
        await foreach (var row in ScanAsync(FigureRows.TotalsPrefix, cancellationToken: cancellationToken))
        {
            loaded[row.RowKey[FigureRows.TotalsPrefix.Length..]] =
                new Totals(serializer.Deserialize<Dictionary<string, decimal>>(row.GetBinary("Values"))!, row.ETag);
        }

        _totals = loaded;
    }

    private async Task<TableEntity?> GetAsync(string rowKey)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(_partition, rowKey);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The rows whose keys start with <paramref name="prefix"/>, in key order, after <paramref name="afterKey"/> if given.</summary>
    private AsyncPageable<TableEntity> ScanAsync(string prefix, string? afterKey = null, CancellationToken cancellationToken = default) =>
        _table.QueryAsync<TableEntity>(
            $"PartitionKey eq '{_partition}' and RowKey {(afterKey is null ? "ge" : "gt")} '{Escape(afterKey ?? prefix)}' and RowKey lt '{Escape(StableKeys.UpperBound(prefix))}'",
            cancellationToken: cancellationToken);

    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private sealed record Totals(Dictionary<string, decimal> Values, ETag ETag);
}
