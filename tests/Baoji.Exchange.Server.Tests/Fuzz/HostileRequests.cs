using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Baoji.Exchange.Server.Tests.Fuzz;

/// <summary>One generated request: what it is (for the tally), and everything needed to send it.</summary>
public sealed record HostileRequest(
    string Kind, string Method, string Url, FuzzCaller? Caller, string? Authorization, byte[]? Body, string? ContentType,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>Whether a 2xx would mean the request changed something (every method but GET).</summary>
    public bool Changes => Method != "GET";

    public override string ToString() =>
        $"{Kind}: {Method} {Url} as {Caller?.ToString() ?? Authorization ?? "anonymous"} "
        + $"[{ContentType}] {(Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300)))}";
}

/// <summary>
/// Schema-aware hostile requests: each starts from a request the API would accept (a valid body, id, query or header)
/// and breaks one or two things in it in a way no rule of the API may let through. The same seed gives the same
/// sequence, so a failure names a request that can be sent again.
/// </summary>
public sealed class HostileRequests(FuzzTargets targets, IReadOnlyDictionary<string, int> versions, int seed)
{
    private static readonly string[] HostilePathIds =
    [
        "..", "%2e%2e", "..%2f..%2fagreements-agreementregister%2f610300-320399", "a%00b", "%E9%92%A5%E5%8C%99",
        "a%20b", "x'--", "%ff%fe", "%7Bid%7D", "a;b", "a%2fb", "%0d%0aSet-Cookie:x=1", "a.b", "a_b", "~",
        new('9', 5_000), new('a', 200), "%F0%9F%98%80", "%C0%AE%C0%AE", "%5C..%5C",
    ];

    private static readonly string[] HostileQueryValues =
    [
        "", "-1", "0", "abc", "99999999999", "%00", "..%2F..%2F", new('x', 5_000), "1e3", "%E9%92%A5", "2024.5",
        "610300%27--", "%3Cscript%3E", "null", "[]", "%FF", "+", "2147483648", "Zm9v", "bm90LWFuLWlk",
    ];

    private static readonly string[] HostileKeys =
    [
        "/../../agreements-agreementregister/610300-320399", "a|b", "key with spaces", "钥匙", "", new('k', 101), "a/b",
        "%2e%2e", "k\u0001", "k\u202E",
    ];

    private static readonly string[] HostileAuthorizations =
    [
        "Bearer ", "Bearer garbage", "Bearer " + new string('t', 10_000), "Basic YWRtaW46YWRtaW4=", "bearer.x.y",
        "Bearer tok_../../admin.secret", "Bearer 钥匙", "Negotiate abc", "Bearer adm.in.x",
    ];

    private readonly Random _random = new(seed);
    private readonly IReadOnlyList<BodyEndpoint> _bodies = EndpointSchemas.Bodies(targets);
    private readonly IReadOnlyList<IdEndpoint> _ids = EndpointSchemas.IdPaths(targets);

    public HostileRequest Next() => _random.Next(100) switch
    {
        < 40 => BrokenField(),
        < 52 => BrokenStructure(),
        < 55 => BrokenUpload(),
        < 65 => BrokenHeader(),
        < 80 => BrokenId(),
        _ => BrokenQuery(),
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A valid body with one or two fields given a value wrong for their shape.</summary>
    private HostileRequest BrokenField()
    {
        var endpoint = Pick(_bodies);
        var body = endpoint.ValidBody();
        var broken = new List<string>();
        for (var i = 0; i < 1 + _random.Next(2); i++)
        {
            var field = Pick(endpoint.Fields);
            var valid = body[field.Name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : body[field.Name]?.ToJsonString() ?? "";
            var value = field.Shape == FieldShape.Nested && body[field.Name] is JsonObject changes && _random.Next(2) == 0
                ? BrokenChange(changes)
                : HostileValues.For(field.Shape, valid, _random);
            if (value is null && field.Optional)
            {
                value = 42;
            }

            body[field.Name] = value;
            broken.Add(field.Name);
        }

        return Send($"field {string.Join('+', broken)}", endpoint, Encoding.UTF8.GetBytes(HostileValues.Serialize(body)), "application/json");
    }

    // The changes of a correction keep their field but get a value no rule accepts.
    private JsonObject BrokenChange(JsonObject changes)
    {
        var copy = changes.DeepClone().AsObject();
        var field = copy.First().Key;
        copy[field] = HostileValues.For(FieldShape.Count, "", _random);
        return copy;
    }

    /// <summary>A body that is not the JSON object the endpoint reads.</summary>
    private HostileRequest BrokenStructure()
    {
        var endpoint = Pick(_bodies);
        var json = endpoint.ValidBody().ToJsonString();
        var (kind, body, type) = _random.Next(12) switch
        {
            0 => ("truncated", Encoding.UTF8.GetBytes(json[..(1 + _random.Next(json.Length - 2))]), "application/json"),
            1 => ("json null", "null"u8.ToArray(), "application/json"),
            2 => ("json array", Encoding.UTF8.GetBytes($"[{json}]"), "application/json"),
            3 => ("json string", "\"x\""u8.ToArray(), "application/json"),
            4 => ("deep nesting", Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)), "application/json"),
            5 => ("invalid utf-8", [.. Encoding.UTF8.GetBytes(json[..^2]), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()], "application/json"),
            6 => ("form", Encoding.UTF8.GetBytes("fromOrgId=610327&toOrgId=320312"), "application/x-www-form-urlencoded"),
            7 => ("text/plain", Encoding.UTF8.GetBytes(json), "text/plain"),
            8 => ("no content type", Encoding.UTF8.GetBytes(json), null),
            9 => ("empty", [], "application/json"),
            10 => ("oversized", Oversized(endpoint), "application/json"),
            _ => ("comment and trailing comma", Encoding.UTF8.GetBytes(json[..^1] + ",/*x*/}"), "application/json"),
        };
        return Send($"body {kind}", endpoint, body, type);
    }

    // A well-formed body larger than any endpoint's 64 KiB limit, so only the size is wrong.
    private static byte[] Oversized(BodyEndpoint endpoint)
    {
        var body = endpoint.ValidBody();
        body["padding"] = new string('x', 70_000);
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>An import upload that is not a spreadsheet of records: garbage, no file, an unknown kind, not multipart.</summary>
    private HostileRequest BrokenUpload()
    {
        const string Boundary = "fuzz-boundary";
        var garbage = new byte[1 + _random.Next(4_000)];
        _random.NextBytes(garbage);
        string Part(string name, string value) => $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n";
        string FilePart(string name) => $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        var (kind, body, type) = _random.Next(5) switch
        {
            0 => ("garbage xlsx", (byte[])[.. Encoding.UTF8.GetBytes(Part("kind", "visits") + FilePart("台账.xlsx")), .. garbage, .. Encoding.UTF8.GetBytes($"\r\n--{Boundary}--\r\n")], $"multipart/form-data; boundary={Boundary}"),
            1 => ("garbage csv", [.. Encoding.UTF8.GetBytes(Part("kind", "trainings") + FilePart("台账.csv")), .. garbage, .. Encoding.UTF8.GetBytes($"\r\n--{Boundary}--\r\n")], $"multipart/form-data; boundary={Boundary}"),
            2 => ("no file", Encoding.UTF8.GetBytes(Part("kind", "visits") + $"--{Boundary}--\r\n"), $"multipart/form-data; boundary={Boundary}"),
            3 => ("unknown kind", Encoding.UTF8.GetBytes(Part("kind", "bogus\u0001") + FilePart("a.csv") + $"编号,出访方\r\n1,610327\r\n--{Boundary}--\r\n"), $"multipart/form-data; boundary={Boundary}"),
            _ => ("not multipart", garbage, $"multipart/form-data; boundary={Boundary}"),
        };
        return new HostileRequest($"upload {kind}", "POST", "/api/v1/imports", FuzzCaller.School, null, body, type, new Dictionary<string, string>());
    }

    /// <summary>A valid body sent with a header that must be refused: the key, the token, the version.</summary>
    private HostileRequest BrokenHeader()
    {
        var endpoint = Pick(_bodies.Where(b => b.Keyed || b.Method == "PATCH").ToList());
        var body = Encoding.UTF8.GetBytes(endpoint.ValidBody().ToJsonString());
        switch (_random.Next(3))
        {
            case 0 when endpoint.Keyed:
                var key = Pick(HostileKeys);
                return Send("header Idempotency-Key", endpoint, body, "application/json", headers: new() { ["Idempotency-Key"] = key });
            case 1 when endpoint.Method == "PATCH":
                var ifMatch = Pick(["", "*", "\"abc\"", "W/\"-1\"", "999999999999", "\"0\"", "1,2"]);
                return Send("header If-Match", endpoint, body, "application/json", headers: new() { ["If-Match"] = ifMatch }, versioned: false);
            default:
                return Send("header Authorization", endpoint, body, "application/json", authorization: Pick(HostileAuthorizations));
        }
    }

    /// <summary>A path whose id is not one the API could hold, with a body a real id would accept.</summary>
    private HostileRequest BrokenId()
    {
        var endpoint = Pick(_ids);
        var url = endpoint.Path.Replace("{id}", Pick(HostilePathIds), StringComparison.Ordinal);
        var (body, type) = endpoint.Pdf
            ? ("%PDF-1.4\n%fuzz\n"u8.ToArray(), "application/pdf")
            : endpoint.Body is { } make ? (Encoding.UTF8.GetBytes(make().ToJsonString()), "application/json") : ((byte[]?)null, (string?)null);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (endpoint.Method == "PATCH")
        {
            headers["If-Match"] = "\"1\"";
        }

        return new HostileRequest("id", endpoint.Method, url, endpoint.Caller, null, body, type, headers);
    }

    /// <summary>A read with one query parameter replaced, removed or repeated.</summary>
    private HostileRequest BrokenQuery()
    {
        var endpoint = Pick(EndpointSchemas.Queries);
        var query = new Dictionary<string, string>(endpoint.Query, StringComparer.Ordinal);
        var name = Pick(query.Keys.ToList());
        var extra = "";
        switch (_random.Next(4))
        {
            case 0:
                query.Remove(name);
                break;
            case 1:
                extra = $"&{name}={Pick(HostileQueryValues)}";
                break;
            default:
                query[name] = Pick(HostileQueryValues);
                break;
        }

        var url = endpoint.Path + "?" + string.Join('&', query.Select(p => $"{p.Key}={p.Value}")) + extra;
        return new HostileRequest($"query {name}", "GET", url, endpoint.Caller, null, null, null, new Dictionary<string, string>());
    }

    private HostileRequest Send(string kind, BodyEndpoint endpoint, byte[] body, string? contentType,
        Dictionary<string, string>? headers = null, string? authorization = null, bool versioned = true)
    {
        headers ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (endpoint.Keyed && !headers.ContainsKey("Idempotency-Key"))
        {
            headers["Idempotency-Key"] = $"fuzz-{_random.Next():x}";
        }

        if (endpoint.Method == "PATCH" && versioned && !headers.ContainsKey("If-Match"))
        {
            headers["If-Match"] = $"\"{versions.GetValueOrDefault(endpoint.Path, 1).ToString(CultureInfo.InvariantCulture)}\"";
        }

        return new HostileRequest(kind, endpoint.Method, endpoint.Path, authorization is null ? endpoint.Caller : null, authorization, body, contentType, headers);
    }
}
