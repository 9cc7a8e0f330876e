namespace Baoji.Exchange.Cli;

/// <summary>
/// Finds the caller's personal token: --token, --token-file, $BAOJI_TOKEN, then the file <c>baoji/token</c> in the
/// user's config folder. Never the server's admin token file: a script run from the repository would otherwise act
/// as the administrator without anyone asking for it.
/// </summary>
public static class TokenSource
{
    public const string ConfigFileHint = "~/.config/baoji/token";

    public static async Task<(string? Token, string? Error)> FindAsync(
        string? token, string? tokenFile, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(token))
        {
            return (token.Trim(), null);
        }

        if (tokenFile is not null)
        {
            return await ReadAsync(tokenFile, "--token-file", cancellationToken);
        }

        if (environment(ConnectionOptions.TokenVariable) is { Length: > 0 } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return (fromEnvironment.Trim(), null);
        }

        if (ConfigFile(environment) is { } file && File.Exists(file))
        {
            return await ReadAsync(file, "the config file", cancellationToken);
        }

        return (null, $"""
            no token. Give your personal token with --token <token>, --token-file <file>, ${ConnectionOptions.TokenVariable},
                   or save it in {ConfigFile(environment) ?? ConfigFileHint}. An administrator issues personal tokens
                   (POST /api/v1/tokens, or the 管理 page); the server's admin token is never used unless you pass it.
            """);
    }

    /// <summary>$XDG_CONFIG_HOME/baoji/token, else ~/.config/baoji/token (%APPDATA%\baoji\token on Windows).</summary>
    public static string? ConfigFile(Func<string, string?> environment)
    {
        var folder = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : OperatingSystem.IsWindows() && environment("APPDATA") is { Length: > 0 } appData ? appData
            : environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config")
            : null;
        return folder is null ? null : Path.Combine(folder, "baoji", "token");
    }

    private static async Task<(string? Token, string? Error)> ReadAsync(string file, string source, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return (null, $"no token: {Path.GetFullPath(file)} ({source}) does not exist.");
        }

        var token = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
        return token.Length > 0 ? (token, null) : (null, $"no token: {file} ({source}) is empty.");
    }
}
