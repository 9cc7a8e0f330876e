namespace Baoji.Exchange.Cli;

/// <summary>
/// Fetches one report document through the HTTP API and writes it, byte for byte, to standard output or a file.
/// The client carries the server's address and the token; tests hand in the test server's client.
/// </summary>
public sealed class ReportCommand(HttpClient http)
{
    public const int Done = ExitCodes.Done;
    public const int Failed = ExitCodes.Failed;

    public async Task<int> RunAsync(ReportOptions options, Stream stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, options.Format.PathFor(options.Year, options.Perspective));
        if (await new ApiClient(http, stderr).SendAsync(request, options.Format.Accept, cancellationToken) is not var (response, body))
        {
            return Failed;
        }

        using (response)
        {
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
