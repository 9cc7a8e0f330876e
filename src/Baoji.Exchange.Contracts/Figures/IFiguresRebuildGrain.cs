namespace Baoji.Exchange.Contracts.Figures;

/// <summary>
/// The rebuild of one partnership-year's figures (key: "610300-320300/2024"), run by this grain rather than by the
/// request that asked for it, so it goes on when the client goes away. One runs at a time; the last one is kept.
/// </summary>
[Alias("baoji.IFiguresRebuildGrain")]
public interface IFiguresRebuildGrain : IGrainWithStringKey
{
    /// <summary>Starts a rebuild, audited afterwards from <paramref name="perspective"/>'s side; while one runs, returns that one.</summary>
    [Alias("Start")]
    Task<RebuildJob> Start(string perspective);

    /// <summary>The running or last rebuild, with its progress; null when there was none.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<RebuildJob?> Get();
}

[GenerateSerializer, Alias("baoji.RebuildState")]
public enum RebuildState
{
    Running = 0,
    Completed = 1,
    Failed = 2,
}

/// <param name="Id">"&lt;partnership&gt;.&lt;year&gt;.g&lt;generation&gt;": the generation it builds names it.</param>
/// <param name="Total">The stored records to read (all of them: which partnership and year a record counts in is in its state).</param>
/// <param name="Done">The stored records read and projected so far.</param>
/// <param name="Audit">The audit after the switch, from <paramref name="Perspective"/>'s side; null until completed.</param>
[GenerateSerializer, Immutable, Alias("baoji.RebuildJob")]
public sealed record RebuildJob(
    [property: Id(0)] string Id,
    [property: Id(1)] string Partnership,
    [property: Id(2)] int Year,
    [property: Id(3)] string Perspective,
    [property: Id(4)] int Generation,
    [property: Id(5)] RebuildState State,
    [property: Id(6)] int Total,
    [property: Id(7)] int Done,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] DateTimeOffset? FinishedAt,
    [property: Id(10)] string? Error,
    [property: Id(11)] FiguresComparison? Audit)
{
    public static string IdOf(string partnership, int year, int generation) =>
        FormattableString.Invariant($"{partnership}.{year}.g{generation}");
}
