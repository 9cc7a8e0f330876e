using System.CommandLine;

namespace Baoji.Exchange.Cli;

/// <summary>The options every command shares (on the root, recursive): which server, and whose token.</summary>
public sealed class ConnectionOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string UrlVariable = "BAOJI_URL";
    public const string TokenVariable = "BAOJI_TOKEN";

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The server (default: ${UrlVariable}, else {DefaultUrl}).",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Your personal bearer token (default: ${TokenVariable}, else the file {TokenSource.ConfigFileHint}).",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = "A file holding your bearer token, in place of --token.",
        Recursive = true,
    };
}
