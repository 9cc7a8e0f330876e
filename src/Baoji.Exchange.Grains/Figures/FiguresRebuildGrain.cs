using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Diagnostics;
using Baoji.Exchange.Grains.Faults;
using Microsoft.Extensions.Logging;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// Runs the rebuild of one partnership-year: starts a new generation of its figures, has the work fill it while every
/// change still reaches the current one as well, and switches reports to it only once it is complete. A rebuild that
/// fails or dies on the way leaves the current figures as they were; the next one starts a fresh generation.
/// </summary>
public sealed class FiguresRebuildGrain(
    [PersistentState("rebuild", StorageNames.GrainState)] IPersistentState<FiguresRebuildState> state,
    IFiguresRebuildWork work,
    TimeProvider time,
    ILogger<FiguresRebuildGrain> logger)
    : Grain, IFiguresRebuildGrain, IDisposable
{
    /// <summary>The audit after a rebuild is stored with it; a few differences say enough, the audit endpoint lists them all.</summary>
    private const int StoredDifferences = 100;

    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;
    private RebuildProgress? _progress;

    private IFiguresGenerationGrain Generations => GrainFactory.GetGrain<IFiguresGenerationGrain>(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Stored as running, yet no activation runs it: the silo that ran it stopped or died on the way.
        if (state.State.Job is { State: RebuildState.Running } job)
        {
            await Generations.Abandon(job.Generation);
            state.State.Job = job with
            {
                State = RebuildState.Failed,
                FinishedAt = time.GetUtcNow(),
                Error = "Interrupted: the silo running the rebuild stopped before it completed. The figures it was building were not switched to; start the rebuild again.",
            };
            await state.WriteOrDropAsync(this);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The work stops with the activation; the next activation reports it interrupted.
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    public void Dispose() => _stopping.Dispose();

    public async Task<RebuildJob> Start(string perspective)
    {
        if (_running is { IsCompleted: false } && state.State.Job is { } running)
        {
            return WithProgress(running);
        }

        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (partnership, year) = (key[..slash], int.Parse(key[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        var generation = await Generations.StartBuilding();
        var building = generation.Building!.Value;
        var job = new RebuildJob(RebuildJob.IdOf(partnership, year, building), partnership, year, perspective, building,
            RebuildState.Running, 0, 0, time.GetUtcNow(), null, null, null);
        state.State.Job = job;
        await state.WriteOrDropAsync(this);

        _progress = new RebuildProgress();
        // No request may arrive for the whole run, and an idle activation would be collected with its work.
        DelayDeactivation(TimeSpan.FromDays(1));
        _running = RunAsync(job, generation, _progress);
        return WithProgress(job);
    }

    public Task<RebuildJob?> Get() => Task.FromResult(state.State.Job is { } job ? WithProgress(job) : null);

    private RebuildJob WithProgress(RebuildJob job) =>
        job.State == RebuildState.Running && _progress is { } progress ? job with { Total = progress.Total, Done = progress.Done } : job;

    private async Task RunAsync(RebuildJob job, FiguresGeneration generation, RebuildProgress progress)
    {
        var stopping = _stopping.Token;
        try
        {
            // On the pool, not this grain's scheduler: reading every stored record is long, and Get must answer meanwhile.
            await Task.Run(() => work.BuildAsync(job.Partnership, job.Year, generation, progress, stopping), stopping);
            await Generations.Complete(job.Generation);
        }
        catch (SimulatedCrashException)
        {
            // The process would have died here: nothing more is stored, and this activation goes as a dead silo's would.
            DeactivateOnIdle();
            return;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            GrainsLog.FiguresRebuildFailed(logger, e, job.Id, generation.Current);
            await FinishAsync(job with { State = RebuildState.Failed, Total = progress.Total, Done = progress.Done, Error = e.Message }, abandon: true);
            return;
        }

        FiguresComparison? audit = null;
        string? error = null;
        try
        {
            audit = (await Task.Run(() => work.AuditAsync(job.Year, job.Perspective, stopping), stopping)).Truncated(StoredDifferences);
        }
        catch (Exception e) when (e is not SimulatedCrashException)
        {
            error = $"The figures were switched to generation {job.Generation}; the audit after it failed: {e.Message}";
        }

        await FinishAsync(job with { State = RebuildState.Completed, Total = progress.Total, Done = progress.Done, Audit = audit, Error = error }, abandon: false);
    }

    private async Task FinishAsync(RebuildJob job, bool abandon)
    {
        try
        {
            if (abandon)
            {
                await Generations.Abandon(job.Generation);
            }

            state.State.Job = job with { FinishedAt = time.GetUtcNow() };
            await state.WriteOrDropAsync(this);
            // Collected like any idle grain again (a negative span cancels the delay asked for at the start).
            DelayDeactivation(TimeSpan.FromSeconds(-1));
        }
        catch (Exception e)
        {
            // Storage is failing too: the stored job still says running, so the next activation reports it interrupted.
            GrainsLog.FiguresRebuildOutcomeNotStored(logger, e, job.Id);
            DeactivateOnIdle();
        }
    }
}
