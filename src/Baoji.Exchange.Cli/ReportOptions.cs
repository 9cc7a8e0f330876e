using System.CommandLine;

namespace Baoji.Exchange.Cli;

/// <summary>What <c>report</c> was asked to do, and the command line that says it.</summary>
public sealed record ReportOptions
{
    public required int Year { get; init; }
    public required string Perspective { get; init; }
    public required ReportFormat Format { get; init; }
    public string? Out { get; init; }

    public static Command Command(CliContext context, ConnectionOptions connection)
    {
        var year = new Argument<int>("year") { Description = "The year, e.g. 2024." };
        var perspective = new Option<string>("--perspective", "-p")
        {
            Description = "The city whose side the report takes, e.g. 610300 (Baoji) or 320300 (Xuzhou).",
            Required = true,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "md (zh-CN narrative with tables), csv, xlsx, png (the year's chart) or json.",
            DefaultValueFactory = _ => "md",
        };
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file instead of standard output (required for xlsx and png)." };
        var command = new Command("report", "Prints a year's partnership report from one city's side, as the server computes it.")
        {
            year, perspective, format, output,
        };
        command.Validators.Add(result =>
        {
            if (ReportFormat.Find(result.GetValue(format) ?? "md") is not { } found)
            {
                result.AddError($"--format is one of: {string.Join(", ", ReportFormat.All.Select(f => f.Name))}.");
            }
            else if (found.Binary && result.GetValue(output) is null)
            {
                result.AddError($"--format {found.Name} writes a binary file: name it with --out, e.g. --out report-{result.GetValue(year)}.{found.Name}.");
            }
        });
        command.SetAction((parse, cancellationToken) => CliCommands.WithServerAsync(parse, connection, context, cancellationToken,
            http => new ReportCommand(http).RunAsync(From(parse), context.Stdout, context.Stderr, cancellationToken)));
        return command;
    }

    /// <summary>The options of a parsed <c>report</c> command line.</summary>
    public static ReportOptions From(ParseResult parse) => new()
    {
        Year = parse.GetValue<int>("year"),
        Perspective = parse.GetRequiredValue<string>("--perspective"),
        Format = ReportFormat.Find(parse.GetValue<string>("--format") ?? "md")!,
        Out = parse.GetValue<string?>("--out"),
    };

    /// <summary>The options of a <c>report</c> command line, or null with the reason (null too for --help, with <paramref name="help"/> set).</summary>
    public static ReportOptions? Parse(IReadOnlyList<string> args, out string? error, out bool help)
    {
        using var language = CliLanguage.Hold();
        var parse = CliCommands.Root(new CliContext(Stream.Null, TextWriter.Null, _ => null)).Parse(args);
        help = parse.Action is HelpWithExitCodes;
        error = parse.Errors.Count > 0 ? string.Join(" ", parse.Errors.Select(e => e.Message))
            : help ? null
            : parse.CommandResult.Command.Name != "report" ? "the command is 'report'."
            : null;
        return error is null && !help ? From(parse) : null;
    }
}
