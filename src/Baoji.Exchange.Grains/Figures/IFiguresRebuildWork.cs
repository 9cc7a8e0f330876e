using Baoji.Exchange.Contracts.Figures;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// What a rebuild does, provided by the host: it reads the records' stored state and audits from a city's side.
/// <see cref="FiguresRebuildGrain"/> decides when it runs, switches the generation and keeps what became of it.
/// </summary>
public interface IFiguresRebuildWork
{
    /// <summary>
    /// Projects every stored record of the partnership-year into the generation being built, repairs the index rows
    /// and agreement register from the same records, and deletes the rows of stale generations.
    /// </summary>
    Task BuildAsync(string partnership, int year, FiguresGeneration generation, RebuildProgress progress, CancellationToken cancellationToken);

    /// <summary>The audit of the year from <paramref name="perspective"/>'s side (as <c>GET …/audit</c> answers it).</summary>
    Task<FiguresComparison> AuditAsync(int year, string perspective, CancellationToken cancellationToken);
}

/// <summary>How far a rebuild got; written by the work on pool threads, read by the grain's status.</summary>
public sealed class RebuildProgress
{
    private int _total;
    private int _done;

    public int Total => Math.Max(Volatile.Read(ref _total), Done);

    public int Done => Volatile.Read(ref _done);

    public void SetTotal(int total) => Volatile.Write(ref _total, total);

    /// <summary>One more record done; returns how many are.</summary>
    public int Advance() => Interlocked.Increment(ref _done);
}
