using System.ComponentModel.DataAnnotations;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// Finishes the projections a crash left owed, with no client action: every <see cref="ProjectionOptions.RepairInterval"/>
/// it asks each record still marked in <see cref="PendingProjections"/> after <see cref="ProjectionOptions.RepairAfter"/>
/// to project itself. Every silo runs it; a record projects idempotently, so two silos repairing one record is harmless.
/// A record owed at a crash is projected at most RepairAfter + RepairInterval after its silo (or another) runs again.
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
                    logger.LogInformation("Finished the owed projections of {Count} records.", repaired);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage is down or the cluster is changing: try again at the next tick.
                logger.LogWarning(e, "The projection repair failed; it runs again in {Interval}.", options.Value.RepairInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Projects every record marked longer ago than RepairAfter; returns how many.</summary>
    public async Task<int> RepairOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.RepairAfter;
        var ids = new List<string>();
        await foreach (var id in pending.ListMarkedBeforeAsync(cutoff, cancellationToken))
        {
            ids.Add(id);
        }

        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (id, _) => await grains.GetGrain<IRecordGrain>(id).Reproject());
        return ids.Count;
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
