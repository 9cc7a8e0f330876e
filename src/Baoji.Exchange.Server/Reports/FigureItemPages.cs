using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Baoji.Exchange.Contracts.Figures;

namespace Baoji.Exchange.Server.Reports;

/// <summary>Where a figure's items come from: a maintained figure (read shard by shard) or a list the report computes.</summary>
public abstract record FigureItemSource;

public sealed record MaintainedItems(string Figure) : FigureItemSource;

public sealed record ComputedItems(IReadOnlyList<FigureItemView> Items) : FigureItemSource;

/// <summary>Where the next page of a drill-down starts: the source, the shard (or the offset in a computed list), the last key read.</summary>
public sealed record FigureItemsPosition(int Source, int Shard, string? After)
{
    public static readonly FigureItemsPosition Start = new(0, 0, null);

    public string ToToken() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{Source}|{Shard}|{After}")));

    /// <summary>The position a token stands for, or null when it is not one this server wrote.</summary>
    public static FigureItemsPosition? FromToken(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('|', 3);
            // The last key read is a record id or an organisation id and personRef ("sx-…|T-1042"): other text never
            // reaches a storage query.
            return parts.Length == 3
                && parts[2].Length <= 200 && parts[2].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '|' or '.' or '_')
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var source)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
                ? new FigureItemsPosition(source, shard, parts[2].Length == 0 ? null : parts[2])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// Reads a figure's items a page at a time, so that a figure of 100,000 records opens page by page instead of in
/// one answer that storage cannot give in time. The pages together list every item once: shard after shard, each
/// in key order.
/// </summary>
public sealed class FigureItemPages(IGrainFactory grains)
{
    public async Task<(IReadOnlyList<FigureItemView> Items, FigureItemsPosition? Next)> ReadAsync(
        ReportContext context, string scope, IReadOnlyList<FigureItemSource> sources, FigureItemsPosition position, int pageSize)
    {
        var shards = context.FigureKeys;
        var items = new List<FigureItemView>();
        var (source, shard, after) = position;
        while (source < sources.Count && items.Count < pageSize)
        {
            switch (sources[source])
            {
                case ComputedItems computed:
                    var taken = computed.Items.Skip(shard).Take(pageSize - items.Count).ToList();
                    items.AddRange(taken);
                    shard += taken.Count;
                    if (shard >= computed.Items.Count)
                    {
                        (source, shard) = (source + 1, 0);
                    }

                    break;
                case MaintainedItems maintained when shard < shards.Count:
                    var page = await grains.GetGrain<IYearFiguresGrain>(shards[shard]).GetItemsPage(scope, maintained.Figure, after, pageSize - items.Count);
                    items.AddRange(page.Items.Select(i => new FigureItemView(i.Key, i.RecordIds, i.Weight)));
                    (shard, after) = page.Last is null ? (shard + 1, null) : (shard, page.Last);
                    break;
                default:
                    (source, shard, after) = (source + 1, 0, null);
                    break;
            }
        }

        return (items, source < sources.Count ? new FigureItemsPosition(source, shard, after) : null);
    }
}
