using System.Text.Json.Nodes;

namespace Baoji.Exchange.Server.Tests.Fuzz;

/// <summary>What a field of a request body holds: the fuzzer picks values that are wrong for that shape.</summary>
public enum FieldShape
{
    /// <summary>One line of text (titles, names, subjects).</summary>
    Line,

    /// <summary>Text that may hold line breaks (purpose, reasons).</summary>
    MultiLine,

    /// <summary>An organisation or record id: becomes a grain key or a storage name.</summary>
    Id,

    /// <summary>One of a fixed set of words.</summary>
    Enum,

    Date,

    /// <summary>A whole number (sizes, sessions, trainees).</summary>
    Count,

    /// <summary>A sum of money.</summary>
    Amount,

    Boolean,

    /// <summary>An array of ids or lines.</summary>
    List,

    /// <summary>A nested object (the changes of a correction).</summary>
    Nested,
}

/// <summary>
/// Values that no field of the given shape may accept. Each is refused by the rules of the API (a control or bidi
/// character, a resident ID, a length beyond every limit, a wrong JSON type, an impossible date, an unknown word),
/// so a request carrying one must never store anything.
/// </summary>
public static class HostileValues
{
    /// <summary>An 18-digit resident ID with a valid check digit (the issue's example, written without separators).</summary>
    public const string ResidentId = "61032719900101123X";

    // A JsonNode cannot hold a broken surrogate (it writes U+FFFD), so these markers become raw \\ud800 escapes in
    // the JSON text (see Serialize): what a client that writes its own JSON can send.
    private const string LoneHighSurrogate = "@@lone-high@@";
    private const string LoneLowSurrogate = "@@lone-low@@";

    private static readonly string[] HostileTextTails =
    [
        "\u0001", "\u0000", "\u001b[31m", "\u007f", "\u202Eevil", "\u2066x\u2069", "\u200F", LoneHighSurrogate, LoneLowSurrogate + "x",
        ResidentId, "610327900101123", "6103 2719 9001 0112 3X", "610327-19900101-123X", "６１０３２７１９９００１０１１２３Ｘ",
    ];

    private static readonly JsonNode?[] WrongTypes = [true, 12.5, new JsonArray(), new JsonObject(), null];

    /// <summary>A value that is wrong for <paramref name="shape"/>.</summary>
    public static JsonNode? For(FieldShape shape, string valid, Random random)
    {
        var pick = random.Next(10);
        if (pick == 0)
        {
            return Clone(WrongTypes[random.Next(WrongTypes.Length)], shape);
        }

        return shape switch
        {
            FieldShape.Line or FieldShape.MultiLine => pick switch
            {
                1 => new string('长', 20_000),
                2 => "\u0001",
                3 when shape == FieldShape.Line => $"{valid}\n<img src=x onerror=alert(1)>",
                _ => $"{valid} {HostileTextTails[random.Next(HostileTextTails.Length)]}",
            },
            FieldShape.Id => pick switch
            {
                1 => "/../../agreements-agreementregister/610300-320399",
                2 => new string('9', 5_000),
                3 => "610327\u0000",
                4 => "钥匙",
                5 => "a b",
                6 => "%2e%2e%2f",
                7 => "",
                _ => $"{valid}|{random.Next()}",
            },
            FieldShape.Enum => pick switch
            {
                1 => "",
                2 => valid.ToUpperInvariant() + "\u0001",
                3 => 1,
                _ => $"bogus-{random.Next(100)}",
            },
            FieldShape.Date => pick switch
            {
                1 => "2024-13-45",
                2 => "0000-00-00",
                3 => "1999-12-31",
                4 => "2101-01-01",
                5 => "24-04-09",
                6 => 20240409,
                7 => "2024-04-09T00:00:00Z\u0001",
                _ => "yesterday",
            },
            FieldShape.Count => pick switch
            {
                1 => -1,
                2 => 2_147_483_648L,
                3 => 1.5,
                4 => "five",
                5 => 100_000_001,
                6 => JsonNode.Parse("1e400"),
                _ => long.MinValue,
            },
            FieldShape.Amount => pick switch
            {
                1 => -1,
                2 => 1e30,
                3 => "zero",
                _ => JsonNode.Parse("-1e400"),
            },
            FieldShape.Boolean => pick switch
            {
                1 => "true",
                2 => 1,
                _ => "yes",
            },
            FieldShape.List => pick switch
            {
                1 => new JsonArray(JsonValue.Create(1), JsonValue.Create(2)),
                2 => new JsonArray((JsonNode?)null),
                3 => new JsonArray(Enumerable.Range(0, 3_000).Select(i => (JsonNode?)JsonValue.Create($"x{i}")).ToArray()),
                4 => "not-a-list",
                5 => new JsonArray("\u0001"),
                _ => new JsonArray(ResidentId, "610327"),
            },
            _ => pick switch
            {
                1 => "not-an-object",
                2 => new JsonObject { ["status"] = "confirmed" },
                3 => new JsonObject { ["id"] = "other" },
                4 => Nest(2_000),
                _ => new JsonArray(),
            },
        };
    }

    /// <summary>The body as JSON text, with the broken surrogates the markers stand for.</summary>
    public static string Serialize(JsonNode body) =>
        body.ToJsonString().Replace(LoneHighSurrogate, "\\ud800", StringComparison.Ordinal).Replace(LoneLowSurrogate, "\\udc00", StringComparison.Ordinal);

    /// <summary>Objects nested deeper than any reader allows (System.Text.Json stops at 64).</summary>
    public static JsonNode Nest(int depth)
    {
        JsonNode node = new JsonObject();
        for (var i = 0; i < Math.Min(depth, 200); i++)
        {
            node = new JsonObject { ["a"] = node };
        }

        return node;
    }

    // A wrong JSON type, but never one the shape could accept (an array for a list, an object for an object, a
    // boolean for a flag, a fraction for a sum of money).
    private static JsonNode? Clone(JsonNode? node, FieldShape shape) => (node, shape) switch
    {
        (JsonArray, FieldShape.List) => 42,
        (JsonObject, FieldShape.Nested) => 42,
        (JsonValue, FieldShape.Boolean) => 42,
        (JsonValue, FieldShape.Amount) => "twelve",
        (null, _) => null,
        _ => node.DeepClone(),
    };
}
