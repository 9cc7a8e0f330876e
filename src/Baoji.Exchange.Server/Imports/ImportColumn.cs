using Baoji.Exchange.Server.Api.Localization;

namespace Baoji.Exchange.Server.Imports;

/// <summary>What a cell of a column holds, which says how it is read.</summary>
public enum CellType
{
    Text,
    Date,
    WholeNumber,
    Amount,
    Choice,
    Organization,
    List,
}

/// <summary>
/// One column of an import sheet: the request field it fills, how its cells are read, and (for enumerations) the
/// values it takes, written in Chinese. The header is the field's Chinese name (<see cref="ChineseLabels"/>).
/// </summary>
public sealed record ImportColumn(string Field, CellType Type, bool Required, string Hint, IReadOnlyList<string>? Choices = null)
{
    public string Header => ChineseLabels.Field(Field);

    public static ImportColumn Choice<TEnum>(string field, string hint = "") where TEnum : struct, Enum =>
        new(field, CellType.Choice, true, hint, [.. Enum.GetValues<TEnum>().Select(v => ChineseLabels.Value(v))]);
}
