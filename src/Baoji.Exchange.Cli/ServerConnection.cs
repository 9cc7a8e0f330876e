using System.CommandLine;
using System.Net.Http.Headers;

namespace Baoji.Exchange.Cli;

/// <summary>The server's address and the caller's token from the options and the environment, as an HTTP client.</summary>
public static class ServerConnection
{
    /// <summary>The client, or null with the reason (wrong usage: exit 2).</summary>
    public static async Task<(HttpClient? Http, string? Error)> OpenAsync(ParseResult parse, ConnectionOptions options, CliContext context, CancellationToken cancellationToken)
    {
        var url = parse.GetValue(options.Url) ?? context.Environment(ConnectionOptions.UrlVariable) ?? ConnectionOptions.DefaultUrl;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            return (null, $"--url is an http(s) address, e.g. {ConnectionOptions.DefaultUrl}; got '{url}'.");
        }

        var (token, error) = await TokenSource.FindAsync(parse.GetValue(options.Token), parse.GetValue(options.TokenFile), context.Environment, cancellationToken);
        if (token is null)
        {
            return (null, error);
        }

        // A handler the test handed in stays the test's to dispose.
        var retry = new RetryAfterHandler(context.Stderr) { InnerHandler = context.Handler ?? new SocketsHttpHandler() };
        var http = new HttpClient(retry, disposeHandler: context.Handler is null)
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (http, null);
    }
}
