using Baoji.Exchange.Grains.Ledger;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// Moves the index rows an earlier release stored in the earlier layout (<see cref="LedgerIndex.MoveEarlierLayoutAsync"/>)
/// once the service starts, trying again every <see cref="ProjectionOptions.RepairInterval"/> while storage fails or
/// rows change under it.
/// Lists are whole meanwhile: they read both layouts until the move is done.
/// </summary>
internal sealed class IndexLayoutMove(LedgerIndex index, IOptions<ProjectionOptions> options, TimeProvider time, ILogger<IndexLayoutMove> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RepairInterval, time);
        do
        {
            try
            {
                var (moved, done) = await index.MoveEarlierLayoutAsync(stoppingToken);
                if (moved > 0)
                {
                    LedgerLog.IndexLayoutMoved(logger, moved);
                }

                if (done)
                {
                    return;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LedgerLog.IndexLayoutMoveFailed(logger, e, options.Value.RepairInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
