using System.Globalization;
using System.Text;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Api.Localization;

namespace Baoji.Exchange.Server.Imports;

/// <summary>
/// Reads one cell as its column says: dates as Excel stores them or as people type them (2024-04-09, 2024/4/9,
/// 2024年4月9日), whole numbers, amounts, enumeration values in Chinese (or as the API spells them), organisations by
/// code or registered name, lists separated by 、 or commas. An empty cell is null; a cell that cannot be read gives
/// the message naming its column, and the request then lacks the field (the rules do not report it twice).
/// </summary>
public static class CellReader
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"];

    private static readonly char[] ListSeparators = ['、', ',', '，', ';', '；', '\n'];

    public static (object? Value, string? Error) Read(ImportColumn column, object? raw, IReadOnlyDictionary<string, string> organizationsByName)
    {
        var text = Text(raw);
        if (text is null)
        {
            return (null, null);
        }

        switch (column.Type)
        {
            case CellType.Date:
                if (raw is DateTime day)
                {
                    return (DateOnly.FromDateTime(day), null);
                }

                if (raw is double oa && oa is > 0 and < 2_958_466)
                {
                    return (DateOnly.FromDateTime(DateTime.FromOADate(oa)), null);
                }

                return DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var typed)
                    ? (DateOnly.FromDateTime(typed), null)
                    : (null, $"{column.Header} is a date (yyyy-MM-dd).");
            case CellType.WholeNumber:
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number) && Math.Abs(number) <= int.MaxValue
                    ? ((int)number, null)
                    : (null, $"{column.Header} is a whole number.");
            case CellType.Amount:
                return decimal.TryParse(text.Replace("¥", "", StringComparison.Ordinal).Replace("元", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
                    ? (amount, null)
                    : (null, $"{column.Header} is an amount in yuan.");
            case CellType.Choice:
                var choice = column.Choices!.FirstOrDefault(c => c == text);
                return choice is not null ? (ApiName(column, choice), null)
                    : ApiJsonName(column, text) is { } apiName ? (apiName, null)
                    : (null, $"{column.Header} is one of: {string.Join(", ", column.Choices!)}.");
            case CellType.Organization:
                return (OrganizationIds.IsWellFormed(text) ? text : organizationsByName.GetValueOrDefault(text, text), null);
            case CellType.List:
                return ((IReadOnlyList<string>)[.. text.Split(ListSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)], null);
            default:
                return (text, null);
        }
    }

    /// <summary>A cell as text: trimmed, full-width letters and digits made ASCII, numbers without exponent; null when empty.</summary>
    public static string? Text(object? raw)
    {
        var text = raw switch
        {
            null => null,
            string s => s,
            double d => d.ToString("0.############", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => raw.ToString(),
        };
        text = text?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>The key a row without 编号 is known by: its cells as read, so 2024/4/9 and 2024-04-09 are the same row.</summary>
    public static string Normalized(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IReadOnlyList<string> list => string.Join("、", list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => (value.ToString() ?? "").Normalize(NormalizationForm.FormKC),
    };

    private static string ApiName(ImportColumn column, string chinese) => column.Field switch
    {
        "level" => Parse<VisitLevel>(chinese),
        "role" => Parse<StaffRole>(chinese),
        "mode" => Parse<TrainingMode>(chinese),
        _ => column.Choices!.Contains(ChineseLabels.Value(AgreementKind.Cooperation)) ? Parse<AgreementKind>(chinese) : Parse<TrainingKind>(chinese),
    };

    private static string? ApiJsonName(ImportColumn column, string text) =>
        column.Choices!.Select(c => ApiName(column, c)).FirstOrDefault(name => name == text);

    private static string Parse<TEnum>(string text) where TEnum : struct, Enum =>
        ChineseLabels.TryParse<TEnum>(text, out var value) ? ApiJson.Name(value) : text;
}
