using System.CommandLine;

namespace Baoji.Exchange.Cli;

/// <summary>The command tree of <c>baoji</c>: report, records list, import, reconcile, and the options they share.</summary>
public static class CliCommands
{
    public static RootCommand Root(CliContext context)
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand($"""
            baoji: the Jiangsu–Shaanxi education partnership ledger from the command line, through its HTTP API.
            Give your personal token with --token, --token-file, ${ConnectionOptions.TokenVariable} or the file {TokenSource.ConfigFileHint}.
            """)
        {
            connection.Url,
            connection.Token,
            connection.TokenFile,
            ReportOptions.Command(context, connection),
            RecordsListCommand.Command(context, connection),
            ImportCommand.Command(context, connection),
            ReconcileCommand.Command(context, connection),
        };
        HelpWithExitCodes.Install(root);
        return root;
    }

    /// <summary>Runs <paramref name="run"/> with a client for the server, or exits 2 saying why there is none.</summary>
    public static async Task<int> WithServerAsync(
        ParseResult parse, ConnectionOptions connection, CliContext context, CancellationToken cancellationToken, Func<HttpClient, Task<int>> run)
    {
        var (http, error) = await ServerConnection.OpenAsync(parse, connection, context, cancellationToken);
        if (http is null)
        {
            await context.Stderr.WriteLineAsync($"error: {error}");
            return ExitCodes.Usage;
        }

        using (http)
        {
            return await run(http);
        }
    }
}
