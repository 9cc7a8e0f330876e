using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Server.Reconciliation;

/// <summary>
/// One page of a year's reconciliation: the unconfirmed records, then the disputed ones, then the probable
/// duplicates, as one sequence cut into pages of at most pageSize entries.
/// </summary>
public sealed record ReconciliationPage(
    IReadOnlyList<LedgerRecord> Unconfirmed, IReadOnlyList<LedgerRecord> Disputed, IReadOnlyList<ProbableDuplicate> Duplicates, string? ContinuationToken)
{
    public const int MaxPageSize = 1000;

    public static ReconciliationPage Slice(
        IReadOnlyList<LedgerRecord> unconfirmed, IReadOnlyList<LedgerRecord> disputed, IReadOnlyList<ProbableDuplicate> duplicates, int offset, int pageSize)
    {
        var total = unconfirmed.Count + disputed.Count + duplicates.Count;
        var end = Math.Min(total, offset + pageSize);
        static IReadOnlyList<T> Part<T>(IReadOnlyList<T> list, int from, int to, int start) =>
            [.. list.Skip(Math.Max(0, from - start)).Take(Math.Max(0, Math.Min(to, start + list.Count) - Math.Max(from, start)))];
        return new ReconciliationPage(
            Part(unconfirmed, offset, end, 0),
            Part(disputed, offset, end, unconfirmed.Count),
            Part(duplicates, offset, end, unconfirmed.Count + disputed.Count),
            end < total ? ToToken(end) : null);
    }

    /// <summary>The offset a token stands for, or null when it is not one this server wrote.</summary>
    public static int? FromToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith("r|", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string ToToken(int offset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(FormattableString.Invariant($"r|{offset}")));
}
