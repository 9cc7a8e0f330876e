using System.Globalization;

namespace Baoji.Exchange.Cli;

/// <summary>What <c>report</c> was asked to do, parsed from the command line.</summary>
public sealed record ReportOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string DefaultTokenFile = ".data/admin-token";
    public const string UrlVariable = "BAOJI_EXCHANGE_URL";
    public const string TokenVariable = "BAOJI_EXCHANGE_TOKEN";

    public const string Usage = """
        Usage: Baoji.Exchange.Cli report <year> --perspective <cityId> [--format md|csv|xlsx|png|json]
                                     [--out <file>] [--url <server>] [--token-file <file>]

        Prints a year's partnership report from one city's side, as the server computes it.
          <year>              the year, e.g. 2024
          -p, --perspective   the city whose side the report takes, e.g. 610300 (Baoji) or 320300 (Xuzhou)
          -f, --format        md (default: zh-CN narrative with tables), csv, xlsx, png (the year's chart), json
          -o, --out           write to this file instead of standard output (required for xlsx and png)
              --url           the server (default: $BAOJI_EXCHANGE_URL, else http://127.0.0.1:5080)
              --token-file    a file holding a bearer token (default: $BAOJI_EXCHANGE_TOKEN if set,
                              else .data/admin-token, which the server writes on first start)
          -h, --help          show this text

        Exit codes: 0 done, 1 the server refused or could not be reached, 2 wrong usage.
        """;

    public required int Year { get; init; }
    public required string Perspective { get; init; }
    public required ReportFormat Format { get; init; }
    public string? Out { get; init; }
    public string? Url { get; init; }
    public string? TokenFile { get; init; }

    /// <summary>The options, or null with the reason (null too for --help, with <paramref name="help"/> set).</summary>
    public static ReportOptions? Parse(IReadOnlyList<string> args, out string? error, out bool help)
    {
        error = null;
        help = args.Any(a => a is "-h" or "--help");
        if (help)
        {
            return null;
        }

        if (args.Count == 0 || args[0] != "report")
        {
            error = args.Count == 0 ? "no command given." : $"unknown command '{args[0]}' (the command is 'report').";
            return null;
        }

        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                positional.Add(arg);
                continue;
            }

            var (name, value) = arg.Contains('=', StringComparison.Ordinal) ? (arg[..arg.IndexOf('=', StringComparison.Ordinal)], arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..]) : (arg, null);
            var key = Canonical(name);
            if (key is null)
            {
                error = $"unknown option '{name}'.";
                return null;
            }

            value ??= i + 1 < args.Count ? args[++i] : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                error = $"option '{name}' needs a value.";
                return null;
            }

            named[key] = value;
        }

        return Build(positional, named, out error);
    }

    private static ReportOptions? Build(List<string> positional, Dictionary<string, string> named, out string? error)
    {
        error = null;
        if (positional.Count != 1 || !int.TryParse(positional[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            error = positional.Count == 0 ? "the year is missing, e.g. 'report 2024'." : $"expected one year, got '{string.Join(" ", positional)}'.";
            return null;
        }

        if (!named.TryGetValue("perspective", out var perspective))
        {
            error = "--perspective is required, e.g. --perspective 610300.";
            return null;
        }

        var format = ReportFormat.Find(named.GetValueOrDefault("format", "md"));
        if (format is null)
        {
            error = $"--format is one of: {string.Join(", ", ReportFormat.All.Select(f => f.Name))}.";
            return null;
        }

        named.TryGetValue("out", out var output);
        if (format.Binary && output is null)
        {
            error = $"--format {format.Name} writes a binary file: name it with --out, e.g. --out report-{year}.{format.Name}.";
            return null;
        }

        return new ReportOptions
        {
            Year = year,
            Perspective = perspective,
            Format = format,
            Out = output,
            Url = named.GetValueOrDefault("url"),
            TokenFile = named.GetValueOrDefault("token-file"),
        };
    }

    private static string? Canonical(string name) => name switch
    {
        "-p" or "--perspective" => "perspective",
        "-f" or "--format" => "format",
        "-o" or "--out" => "out",
        "--url" => "url",
        "--token-file" => "token-file",
        _ => null,
    };
}
