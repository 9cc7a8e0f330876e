using System.Net;
using System.Text;
using System.Text.Json;

namespace Baoji.Exchange.Cli;

/// <summary>Turns a refused request into one line for a person: the status and the problem+json detail or field errors.</summary>
public static class Problem
{
    public static string Describe(HttpResponseMessage response, byte[] body)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var message = new StringBuilder($"error: HTTP {status}");
        if (TryRead(body, out var problem))
        {
            if (Text(problem, "title") is { } title && !string.Equals(title, response.ReasonPhrase, StringComparison.OrdinalIgnoreCase))
            {
                message.Append($" ({title})");
            }

            var details = new List<string>();
            if (Text(problem, "detail") is { } detail)
            {
                details.Add(detail);
            }

            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                details.AddRange(errors.EnumerateObject()
                    .SelectMany(field => field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(m => $"{field.Name}: {m}") : [])
                    .Where(line => !details.Any(d => line.EndsWith(d, StringComparison.Ordinal))));
            }

            if (details.Count > 0)
            {
                message.Append(": ").Append(string.Join("; ", details));
            }
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            message.Append(" — check the token (--token, --token-file, $").Append(ConnectionOptions.TokenVariable).Append(" or ").Append(TokenSource.ConfigFileHint).Append(").");
        }

        return message.ToString();
    }

    private static bool TryRead(byte[] body, out JsonElement problem)
    {
        problem = default;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            problem = json.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
