using System.Net.Http.Headers;
using System.Text.Json;

namespace Baoji.Exchange.Cli;

/// <summary>
/// One request to the API as every command makes it: problem+json accepted beside what is asked for, and a refusal,
/// an unreachable server or a timeout turned into one line on standard error.
/// </summary>
public sealed class ApiClient(HttpClient http, TextWriter stderr)
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The answer's body, or null when the request failed (already reported on standard error).</summary>
    public async Task<(HttpResponseMessage Response, byte[] Body)?> SendAsync(HttpRequestMessage request, string accept, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        // Errors come as problem+json whatever was asked for; saying so lets the server write them.
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ProblemJson, 0.5));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            await stderr.WriteLineAsync($"error: cannot reach {http.BaseAddress}: {e.Message}");
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"error: {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.");
            return null;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            await stderr.WriteLineAsync(Problem.Describe(response, body));
            response.Dispose();
            return null;
        }

        return (response, body);
    }

    /// <summary>A JSON document from the API, or null when the request failed (already reported).</summary>
    public async Task<JsonElement?> SendJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (await SendAsync(request, "application/json", cancellationToken) is not var (response, body))
        {
            return null;
        }

        using (response)
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.Clone();
        }
    }

    public Task<JsonElement?> GetJsonAsync(string path, CancellationToken cancellationToken) =>
        SendJsonAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
}
