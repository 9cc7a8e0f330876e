using System.Net.Http.Headers;

namespace Baoji.Exchange.Cli;

/// <summary>The command line from arguments to exit code: parse, find the server and the token, run the report command.</summary>
public static class CliApp
{
    public const int Usage = 2;

    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <param name="handler">The HTTP handler to use (tests pass their own); null for a plain socket handler.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, Stream stdout, TextWriter stderr, Func<string, string?> environment,
        HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        var options = ReportOptions.Parse(args, out var error, out var help);
        if (options is null)
        {
            if (help)
            {
                await stderr.WriteLineAsync(ReportOptions.Usage);
                return ReportCommand.Done;
            }

            await stderr.WriteLineAsync($"error: {error}\n\n{ReportOptions.Usage}");
            return Usage;
        }

        var url = options.Url ?? environment(ReportOptions.UrlVariable) ?? ReportOptions.DefaultUrl;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            await stderr.WriteLineAsync($"error: --url is an http(s) address, e.g. {ReportOptions.DefaultUrl}; got '{url}'.");
            return Usage;
        }

        var (token, tokenError) = await TokenAsync(options, environment, cancellationToken);
        if (token is null)
        {
            await stderr.WriteLineAsync($"error: {tokenError}");
            return Usage;
        }

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = baseAddress;
        http.Timeout = TimeSpan.FromMinutes(2);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await new ReportCommand(http).RunAsync(options, stdout, stderr, cancellationToken);
    }

    /// <summary>The token: from --token-file, else $BAOJI_EXCHANGE_TOKEN, else the server's default admin token file.</summary>
    private static async Task<(string? Token, string? Error)> TokenAsync(ReportOptions options, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        if (options.TokenFile is null && environment(ReportOptions.TokenVariable) is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment.Trim(), null);
        }

        var file = options.TokenFile ?? ReportOptions.DefaultTokenFile;
        if (!File.Exists(file))
        {
            return (null, $"no token: {Path.GetFullPath(file)} does not exist. Name a token file with --token-file or set ${ReportOptions.TokenVariable}.");
        }

        var token = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
        return token.Length > 0 ? (token, null) : (null, $"no token: {file} is empty.");
    }
}
