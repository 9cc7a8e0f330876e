using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>The API collection of each record kind, and the prefix of its ids.</summary>
public static class RecordCollections
{
    public static string NameOf(RecordKind kind) => kind switch
    {
        RecordKind.Visit => "visits",
        RecordKind.StaffExchange => "staff-exchanges",
        RecordKind.Training => "trainings",
        RecordKind.Agreement => "agreements",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static RecordKind? KindOf(string collection) => collection switch
    {
        "visits" => RecordKind.Visit,
        "staff-exchanges" => RecordKind.StaffExchange,
        "trainings" => RecordKind.Training,
        "agreements" => RecordKind.Agreement,
        _ => null,
    };

    public static string IdPrefix(RecordKind kind) => kind switch
    {
        RecordKind.Visit => "vis",
        RecordKind.StaffExchange => "stf",
        RecordKind.Training => "trn",
        RecordKind.Agreement => "agr",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A new id that sorts by creation time, so paging in id order is stable while records are added.</summary>
    public static string NewId(RecordKind kind, DateTimeOffset now) =>
        $"{IdPrefix(kind)}-{now.UtcDateTime:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5))}";

    /// <summary>
    /// The id of the record a keyed create makes: derived from "caller|collection|key", so the record grain itself
    /// recognises a repeat (one grain write per create, no separate claim). Unlike <see cref="NewId"/> it does not sort
    /// by creation time: a list being paged while such records are added may not show the new ones (never one twice).
    /// </summary>
    public static string KeyedId(RecordKind kind, string idempotencyScope) =>
        $"{IdPrefix(kind)}-k{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(idempotencyScope)))[..32]}";

    /// <summary>
    /// Whether a client-sent id can be a record id. Ids become grain keys and blob names, so anything else is
    /// refused before it reaches a grain: letters, digits and dashes (the shape of <see cref="NewId"/>), bounded.
    /// </summary>
    public static bool IsId(string? id) => id is { Length: > 4 and <= 60 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The years a record is listed under: the year it starts, or for staff placements and agreements every year they span.</summary>
    public static IEnumerable<int> YearsOf(RecordBody body, DateOnly today)
    {
        var first = body.Start.Year;
        var last = body switch
        {
            StaffExchangeBody s => s.EndDate.Year,
            AgreementBody a => a.ValidUntil?.Year ?? Math.Max(a.ValidFrom.Year, today.Year),
            _ => first,
        };
        return Enumerable.Range(first, Math.Clamp(last - first + 1, 1, 30));
    }
}
