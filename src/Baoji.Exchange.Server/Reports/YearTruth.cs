using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Ledger;

namespace Baoji.Exchange.Server.Reports;

/// <summary>
/// What the stored records say one partnership-year's projections should hold: each record's contributions to the
/// year's figures, its index rows in the year's partitions of some cities, and the agreements' register entries. Built
/// in one pass over the records' stored state (<see cref="StoredRecords"/>) with the rules the projection uses, keeping
/// only that, not the records.
/// </summary>
public sealed class YearTruth
{
    private readonly Lock _gate = new();
    private readonly LedgerIndex _index;

    private YearTruth(LedgerIndex index, string partnership, int year, IReadOnlySet<string> cities)
    {
        _index = index;
        Partnership = partnership;
        Year = year;
        Cities = cities;
    }

    public string Partnership { get; }

    public int Year { get; }

    /// <summary>The cities whose index partitions <see cref="Rows"/> covers.</summary>
    public IReadOnlySet<string> Cities { get; }

    /// <summary>Record id → what it contributes to the year, for every record of the partnership whose years include it.</summary>
    public Dictionary<string, ExpectedSource> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>(partition, record id) → the row's version and status, for the year's partitions of <see cref="Cities"/>.</summary>
    public Dictionary<(string Partition, string RecordId), ExpectedRow> Rows { get; } = [];

    /// <summary>Agreement id → its entry in the partnership's register; null for one that left the partnership.</summary>
    public Dictionary<string, AgreementEntry?> Agreements { get; } = new(StringComparer.Ordinal);

    /// <summary>Every stored record's version: tells a row or entry of a record that does not exist from one of a newer change.</summary>
    public Dictionary<string, int> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads every stored record once; <paramref name="alsoVisit"/> (a rebuild's projection) sees each stored state
    /// as it is read, concurrently.
    /// </summary>
    public static async Task<YearTruth> ReadAsync(
        StoredRecords stored, LedgerIndex index, string partnership, int year, IEnumerable<string> cities,
        Func<RecordState, CancellationToken, ValueTask>? alsoVisit, CancellationToken cancellationToken)
    {
        var truth = new YearTruth(index, partnership, year, new HashSet<string>(cities, StringComparer.Ordinal));
        await stored.ForEachAsync(async (state, token) =>
        {
            truth.Add(state);
            if (alsoVisit is not null)
            {
                await alsoVisit(state, token);
            }
        }, cancellationToken);
        return truth;
    }

    /// <summary>True when the record counts in the partnership-year's figures, or was projected there before and must leave.</summary>
    public static bool Concerns(RecordState state, string partnership, int year) =>
        state.Record is { } record && record.Kind != RecordKind.Agreement
        && ((FigureRules.PartnershipOf(record) == partnership && FigureRules.YearsOf(record.Body).Contains(year))
            || state.FigureTargets.Any(t => !FiguresProjection.IsAgreements(t) && FigureShards.YearKeyOf(t) == FigureShards.YearKey(partnership, year)));

    private void Add(RecordState state)
    {
        if (state.Record is not { } record)
        {
            return;
        }

        var partnership = FigureRules.PartnershipOf(record);
        var source = record.Kind != RecordKind.Agreement && partnership == Partnership && FigureRules.YearsOf(record.Body).Contains(Year)
            ? new ExpectedSource(record.Version, FigureShards.ShardOf(record), FigureRules.ContributionsFor(record, Year))
            : null;
        var organizations = record.Parties.Where(p => Cities.Contains(p.CityId)).SelectMany(p => p.Lineage()).ToHashSet(StringComparer.Ordinal);
        var rows = _index.PartitionsOf(record).Where(p =>
        {
            var (_, organization, year) = LedgerIndex.Parse(p);
            return year == Year && organizations.Contains(organization);
        }).ToList();
        // An agreement that moved to another partnership was projected here before: its entry must no longer count.
        var (inRegister, entry) = record.Kind != RecordKind.Agreement ? (false, null)
            : partnership == Partnership ? (true, FigureRules.AgreementEntryOf(record))
            : (state.FigureTargets.Contains(FiguresProjection.AgreementsTarget(Partnership)), (AgreementEntry?)null);

        lock (_gate)
        {
            Versions[record.Id] = record.Version;
            if (source is not null)
            {
                Sources[record.Id] = source;
            }

            foreach (var partition in rows)
            {
                Rows[(partition, record.Id)] = new ExpectedRow(record.Version, record.Status);
            }

            if (inRegister)
            {
                Agreements[record.Id] = entry;
            }
        }
    }
}

/// <summary>What a record contributes to the year, at its version, in its shard.</summary>
public sealed record ExpectedSource(int Version, int Shard, IReadOnlyList<Contribution> Contributions);

public sealed record ExpectedRow(int Version, RecordStatus Status);
