namespace Baoji.Exchange.Server.Reports;

/// <summary>
/// Hides the person reference of a drill-down's items from a caller who may not read the records behind them:
/// the item keeps its home organisation and weight, the reference becomes <see cref="Masked"/>.
/// </summary>
public static class PersonMask
{
    public const string Masked = "***";

    public static IReadOnlyList<FigureItemView> Apply(string figure, IReadOnlyList<FigureItemView> items) =>
        ReportFigureNames.CountsPeople(figure)
            ? [.. items.Select(i => i with { Key = i.Key.Split('|')[0] + "|" + Masked })]
            : items;
}
