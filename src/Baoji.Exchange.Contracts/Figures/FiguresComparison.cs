namespace Baoji.Exchange.Contracts.Figures;

/// <summary>What an audit compared: the maintained figures, index rows and agreement register against the stored records.</summary>
/// <param name="Records">The stored records of the partnership that count in the year's figures (withdrawn ones included).</param>
/// <param name="DifferenceCount">All differences found; <paramref name="Differences"/> may list fewer where stored with a rebuild.</param>
[GenerateSerializer, Immutable, Alias("baoji.FiguresComparison")]
public sealed record FiguresComparison(
    [property: Id(0)] int Year,
    [property: Id(1)] int Records,
    [property: Id(2)] IReadOnlyList<AuditDifference> Differences,
    [property: Id(3)] int DifferenceCount)
{
    public bool Equal => DifferenceCount == 0;

    /// <summary>The same comparison listing at most <paramref name="max"/> differences (the count stays whole).</summary>
    public FiguresComparison Truncated(int max) => Differences.Count <= max ? this : this with { Differences = [.. Differences.Take(max)] };
}

[GenerateSerializer, Alias("baoji.AuditDifferenceKind")]
public enum AuditDifferenceKind
{
    /// <summary>A maintained total, or what one record contributes to the figures.</summary>
    Figure = 0,

    /// <summary>A record's row in a list partition of the ledger index.</summary>
    Index = 1,

    /// <summary>An entry of the partnership's agreement register.</summary>
    Agreement = 2,
}

/// <summary>
/// One difference. Totals name <paramref name="Scope"/> and <paramref name="Figure"/> with both values; a record's
/// contributions, index rows and register entries name <paramref name="RecordId"/> and say what differs in <paramref name="Detail"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("baoji.AuditDifference")]
public sealed record AuditDifference(
    [property: Id(0)] AuditDifferenceKind Kind,
    [property: Id(1)] string? Scope,
    [property: Id(2)] string? Figure,
    [property: Id(3)] decimal? Maintained,
    [property: Id(4)] decimal? Recomputed,
    [property: Id(5)] string? RecordId = null,
    [property: Id(6)] string? Partition = null,
    [property: Id(7)] string? Detail = null)
{
    public static AuditDifference Total(string scope, string figure, decimal maintained, decimal recomputed) =>
        new(AuditDifferenceKind.Figure, scope, figure, maintained, recomputed);

    public static AuditDifference OfRecord(AuditDifferenceKind kind, string recordId, string detail, string? partition = null) =>
        new(kind, null, null, null, null, recordId, partition, detail);
}
