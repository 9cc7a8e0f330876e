using System.Net.Http.Headers;

namespace Baoji.Exchange.Cli;

/// <summary>
/// Fetches one report document through the HTTP API and writes it, byte for byte, to standard output or a file.
/// The client carries the server's address and the token; tests hand in the test server's client.
/// </summary>
public sealed class ReportCommand(HttpClient http)
{
    public const int Done = 0;
    public const int Failed = 1;
    public const string ProblemJson = "application/problem+json";

    public async Task<int> RunAsync(ReportOptions options, Stream stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, options.Format.PathFor(options.Year, options.Perspective));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(options.Format.Accept));
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
            return Failed;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"error: {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.");
            return Failed;
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await stderr.WriteLineAsync(Problem.Describe(response, body));
                return Failed;
            }

            if (options.Out is null)
            {
                await stdout.WriteAsync(body, cancellationToken);
                await stdout.FlushAsync(cancellationToken);
            }
            else
            {
                await File.WriteAllBytesAsync(options.Out, body, cancellationToken);
                await stderr.WriteLineAsync($"wrote {options.Out} ({body.Length} bytes, {response.Content.Headers.ContentType?.MediaType})");
            }

            return Done;
        }
    }
}
