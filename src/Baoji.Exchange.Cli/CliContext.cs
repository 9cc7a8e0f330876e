namespace Baoji.Exchange.Cli;

/// <summary>
/// Where a command writes and what it reads from outside: standard output (bytes, so documents pass unchanged),
/// standard error, the environment, and the HTTP handler (tests hand in their own; null for a socket handler).
/// </summary>
public sealed record CliContext(Stream Stdout, TextWriter Stderr, Func<string, string?> Environment, HttpMessageHandler? Handler = null)
{
    /// <summary>Text output for tables and JSON: UTF-8 without a byte-order mark, over <see cref="Stdout"/>.</summary>
    public StreamWriter TextOut() => new(Stdout, new System.Text.UTF8Encoding(false), bufferSize: 4096, leaveOpen: true);
}
