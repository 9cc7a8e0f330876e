using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baoji.Exchange.Server.Api;

/// <summary>The JSON conventions of the API: camelCase members, kebab-case enum values ("teacher-training").</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static bool TryParseEnum<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static TEnum? RequireEnum<TEnum>(string? text, string field, FieldErrors errors) where TEnum : struct, Enum
    {
        if (TryParseEnum<TEnum>(text, out var value))
        {
            return value;
        }

        errors.Add(field, $"{field} must be one of: {string.Join(", ", Enum.GetValues<TEnum>().Select(Name))}.");
        return null;
    }
}
