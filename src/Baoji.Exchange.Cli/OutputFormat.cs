using System.CommandLine;

namespace Baoji.Exchange.Cli;

/// <summary>The --format of listing commands: a table for people, JSON for scripts.</summary>
public static class OutputFormat
{
    public const string Table = "table";
    public const string Json = "json";

    public static Option<string> Option() => new Option<string>("--format", "-f")
    {
        Description = "table (tab-separated, with a header) or json.",
        DefaultValueFactory = _ => Table,
    }.AcceptOnlyFromAmong(Table, Json);

    public static readonly System.Text.Json.JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Chinese purposes and names stay readable in the output.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
