using System.CommandLine;

namespace Baoji.Exchange.Cli;

/// <summary>The command line from arguments to exit code: parse, then run the command; wrong usage exits 2 with the usage text.</summary>
public static class CliApp
{
    public const int Usage = ExitCodes.Usage;

    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <param name="handler">The HTTP handler to use (tests pass their own); null for a plain socket handler.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, Stream stdout, TextWriter stderr, Func<string, string?> environment,
        HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        using var language = CliLanguage.Hold();
        var context = new CliContext(stdout, stderr, environment, handler);
        var parse = CliCommands.Root(context).Parse(args);
        await using var output = context.TextOut();
        output.AutoFlush = true;
        // Wrong usage: the errors and the command's help go to standard error, so nothing a script reads is polluted.
        var wrong = parse.Errors.Count > 0;
        var invocation = new InvocationConfiguration { Output = wrong ? stderr : output, Error = stderr };
        var exit = await parse.InvokeAsync(invocation, cancellationToken);
        return wrong ? ExitCodes.Usage : exit;
    }
}
