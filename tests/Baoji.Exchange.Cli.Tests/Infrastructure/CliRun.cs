using System.Text;

namespace Baoji.Exchange.Cli.Tests.Infrastructure;

/// <summary>One run of the command line in the test process: its exit code, standard output and standard error.</summary>
public sealed record CliRun(int Exit, byte[] StdoutBytes, string Stderr)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    /// <param name="environment">The environment the CLI sees: only these variables (none of the test machine's).</param>
    public static async Task<CliRun> RunAsync(string[] args, HttpMessageHandler? handler = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, name => environment?.GetValueOrDefault(name), handler);
        return new CliRun(exit, stdout.ToArray(), stderr.ToString());
    }
}
