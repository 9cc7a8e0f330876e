using System.ComponentModel.DataAnnotations;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Diagnostics;
using Baoji.Exchange.Grains.Ledger;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// Finishes the projections a crash left owed, with no client action: every <see cref="ProjectionOptions.RepairInterval"/>
/// it asks each record still marked in <see cref="PendingProjections"/> after <see cref="ProjectionOptions.RepairAfter"/>
/// to project itself. Every silo runs it; a record projects idempotently, so two silos repairing one record is harmless.
/// A record owed at a crash is projected at most RepairAfter + RepairInterval after its silo (or another) runs again.
/// Each pass also reports the projection lag (<see cref="BaojiTelemetry.PendingProjections"/>, <see cref="BaojiTelemetry.ProjectionLag"/>).
/// </summary>
internal sealed class ProjectionRepair(
    PendingProjections pending, IGrainFactory grains, IOptions<ProjectionOptions> options, TimeProvider time, ILogger<ProjectionRepair> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RepairInterval, time);
        do
        {
            try
            {
                var repaired = await RepairOnceAsync(stoppingToken);
                if (repaired > 0)
                {
                    LedgerLog.ProjectionsRepaired(logger, repaired);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage is down or the cluster is changing: try again at the next tick.
                LedgerLog.ProjectionRepairFailed(logger, e, options.Value.RepairInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Projects every record marked longer ago than RepairAfter, then clears the marks; returns how many records.</summary>
    public async Task<int> RepairOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now - options.Value.RepairAfter;
        var owed = new List<PendingMark>();
        var marked = 0L;
        var oldest = now;
        await foreach (var mark in pending.ListMarksAsync(cancellationToken))
        {
            marked += mark.RecordIds.Count;
            oldest = mark.MarkedAt < oldest ? mark.MarkedAt : oldest;
            if (mark.MarkedAt < cutoff)
            {
                owed.Add(mark);
            }
        }

        // Young marks belong to commands still running; the lag is how long the oldest one has waited.
        BaojiTelemetry.PendingProjections.Record(marked);
        BaojiTelemetry.ProjectionLag.Record(Math.Max(0, (now - oldest).TotalSeconds));

        // A mark may list many records (those one transaction stored): it is cleared once every one of them is projected.
        var records = owed.SelectMany(m => m.RecordIds).Distinct(StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, _) =>
            await grains.GetGrain<IRecordGrain>(id).Reproject());
        foreach (var mark in owed)
        {
            await pending.ClearAsync(mark);
        }

        if (records.Count > 0)
        {
            BaojiTelemetry.ProjectionsRepaired.Add(records.Count);
        }

        return records.Count;
    }
}

/// <summary>Configuration section "Projection": when the background repair looks for owed projections.</summary>
public sealed class ProjectionOptions
{
    public const string Section = "Projection";

    [Range(1, 3600, ErrorMessage = "Projection:RepairIntervalSeconds must be between 1 and 3600.")]
    public int RepairIntervalSeconds { get; set; } = 10;

    /// <summary>How old a mark must be before the repair takes it: younger ones belong to commands still running.</summary>
    [Range(1, 3600, ErrorMessage = "Projection:RepairAfterSeconds must be between 1 and 3600.")]
    public int RepairAfterSeconds { get; set; } = 5;

    public TimeSpan RepairInterval => TimeSpan.FromSeconds(RepairIntervalSeconds);

    public TimeSpan RepairAfter => TimeSpan.FromSeconds(RepairAfterSeconds);
}
