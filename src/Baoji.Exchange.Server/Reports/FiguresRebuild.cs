using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Ledger;

namespace Baoji.Exchange.Server.Reports;

/// <summary>
/// The work of a rebuild (run by <see cref="FiguresRebuildGrain"/>): every stored record of the partnership-year is
/// projected into the generation being built, with versioned deltas, so a change that reached it first (every change
/// goes there too while it is built) is never undone. Index rows and register entries that differ from the stored
/// records are rewritten by their record grains, in turn with the records' commands; rows and entries of records that
/// are not there are deleted, unless a newer change wrote them meanwhile.
/// </summary>
public sealed class FiguresRebuild(
    IGrainFactory grains,
    StoredRecords stored,
    LedgerIndex index,
    FiguresProjection projection,
    IndexAudit indexAudit,
    AgreementsAudit agreementsAudit,
    ReportService reports,
    FiguresAudit audit,
    Failpoints failpoints)
    : IFiguresRebuildWork
{
    private const int Parallelism = 8;

    public async Task BuildAsync(string partnership, int year, FiguresGeneration generation, RebuildProgress progress, CancellationToken cancellationToken)
    {
        var building = generation.Building ?? throw new ArgumentException("No generation is being built.", nameof(generation));
        await DeleteStaleAsync(partnership, year, generation);

        progress.SetTotal(await stored.CountAsync(cancellationToken));
        var midway = Math.Max(1, progress.Total / 2);
        // Both cities' partitions: the rebuild repairs the year's lists on either side.
        var truth = await YearTruth.ReadAsync(stored, index, partnership, year, partnership.Split('-'), async (state, _) =>
        {
            if (YearTruth.Concerns(state, partnership, year))
            {
                await projection.ProjectYearAsync(state.Record!, year, building, generation.IsOneShard(building));
            }

            if (progress.Advance() == midway)
            {
                failpoints.Hit(FailpointNames.RebuildMidway);
            }
        }, cancellationToken);

        await RepairIndexAsync(truth, cancellationToken);
        await RepairAgreementsAsync(truth, cancellationToken);
    }

    public async Task<FiguresComparison> AuditAsync(int year, string perspective, CancellationToken cancellationToken)
    {
        var (context, _, error) = await reports.ContextAsync(year, perspective);
        return context is null ? throw new InvalidOperationException(error) : await audit.CompareAsync(context, cancellationToken);
    }

    /// <summary>Deletes the rows of generations no longer read or built (left by an earlier rebuild), then forgets them.</summary>
    private async Task DeleteStaleAsync(string partnership, int year, FiguresGeneration generation)
    {
        var stale = generation.Stale;
        if (stale.Count == 0)
        {
            return;
        }

        await Task.WhenAll(stale.SelectMany(g => FigureShards.KeysOf(partnership, year, g, generation)).Select(k => grains.GetGrain<IYearFiguresGrain>(k).Reset()));
        await grains.GetGrain<IFiguresGenerationGrain>(FigureShards.YearKey(partnership, year)).Forget(stale);
    }

    private async Task RepairIndexAsync(YearTruth truth, CancellationToken cancellationToken)
    {
        var findings = await indexAudit.CompareAsync(truth, cancellationToken);
        if (findings.Count == 0)
        {
            return;
        }

        await ReprojectAsync(truth, findings.Select(f => f.Difference.RecordId!), cancellationToken);
        // What the records' own projection left: rows in partitions the records do not know they were in.
        foreach (var finding in await indexAudit.CompareAsync(truth, cancellationToken))
        {
            if (finding.Stray is { } row && await IsStaleAsync(truth, row.RecordId, row.Version))
            {
                await index.DeleteRowAsync(row);
            }
        }
    }

    private async Task RepairAgreementsAsync(YearTruth truth, CancellationToken cancellationToken)
    {
        var findings = await agreementsAudit.CompareAsync(truth);
        if (findings.Count == 0)
        {
            return;
        }

        await ReprojectAsync(truth, findings.Select(f => f.Difference.RecordId!), cancellationToken);
        var register = grains.GetGrain<IAgreementRegisterGrain>(truth.Partnership);
        // What re-projecting cannot mend: an entry wrong at the record's own version, or of a record that does not exist.
        foreach (var finding in await agreementsAudit.CompareAsync(truth))
        {
            var recordId = finding.Difference.RecordId!;
            if (!truth.Versions.TryGetValue(recordId, out var version))
            {
                if (await grains.GetGrain<IRecordGrain>(recordId).Get() is null)
                {
                    await register.Repair(recordId, null);
                }
            }
            else if (finding.Expected is { } expected)
            {
                await register.Repair(recordId, expected);
            }
            else if (finding.Held is { } held)
            {
                await register.Repair(recordId, held with { Version = version, Counts = false });
            }
        }
    }

    /// <summary>
    /// Has each record write its projections again from its own state (the grain runs this in turn with its commands, so
    /// nothing newer is overwritten). A record the stored state did not show yet (created meanwhile) is asked too.
    /// </summary>
    private async Task ReprojectAsync(YearTruth truth, IEnumerable<string> recordIds, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(recordIds.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (recordId, _) =>
            {
                var record = grains.GetGrain<IRecordGrain>(recordId);
                if (truth.Versions.ContainsKey(recordId) || await record.Get() is not null)
                {
                    await record.Reproject();
                }
            });

    /// <summary>A row or entry at <paramref name="version"/> is stale when the record is stored at that version or later, or does not exist.</summary>
    private async Task<bool> IsStaleAsync(YearTruth truth, string recordId, int version) =>
        truth.Versions.TryGetValue(recordId, out var stored)
            ? version <= stored
            : await grains.GetGrain<IRecordGrain>(recordId).Get() is null;
}
