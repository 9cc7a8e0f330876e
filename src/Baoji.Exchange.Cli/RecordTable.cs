using System.Text.Json;

namespace Baoji.Exchange.Cli;

/// <summary>Records as one line each: the fields a person scans for, whatever the kind.</summary>
public static class RecordTable
{
    public const string Header = "id\tcollection\tstatus\tcounts\tdate\tparties\tsummary";

    public static string Line(JsonElement record) => string.Join('\t',
        Text(record, "id"),
        Text(record, "collection"),
        Text(record, "status"),
        record.TryGetProperty("counts", out var counts) && counts.ValueKind == JsonValueKind.True ? "yes" : "no",
        First(record, "startDate", "validFrom"),
        Parties(record),
        First(record, "purpose", "title", "displayName", "kind").ReplaceLineEndings(" "));

    private static string Parties(JsonElement record)
    {
        if (record.TryGetProperty("partyIds", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            return string.Join('+', ids.EnumerateArray().Select(i => i.GetString()));
        }

        foreach (var (from, to) in new[] { ("fromOrgId", "toOrgId"), ("homeOrgId", "hostOrgId"), ("providerOrgId", "recipientOrgId") })
        {
            if (Text(record, from) is { Length: > 0 } a)
            {
                return $"{a}→{Text(record, to)}";
            }
        }

        return "";
    }

    private static string First(JsonElement record, params string[] names) =>
        names.Select(n => Text(record, n)).FirstOrDefault(v => v.Length > 0) ?? "";

    public static string Text(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                _ => value.GetRawText(),
            }
            : "";
}
