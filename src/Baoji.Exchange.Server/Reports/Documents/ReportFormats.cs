using Microsoft.Net.Http.Headers;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>Which document a request's <c>Accept</c> header asks for: JSON (the default) or one of the writers.</summary>
public static class ReportFormats
{
    public const string Json = "application/json";

    public static IReadOnlyList<IReportWriter> Writers { get; } = [new MarkdownReportWriter(), new CsvReportWriter(), new XlsxReportWriter()];

    public static string Supported => string.Join(", ", new[] { Json }.Concat(Writers.Select(w => w.MediaType)));

    /// <summary>
    /// The preferred acceptable format: <paramref name="writer"/> is null for JSON. No header, <c>*/*</c> and
    /// <c>application/*</c> mean JSON; <c>text/*</c> means Markdown. False when nothing acceptable is offered.
    /// </summary>
    public static bool TryNegotiate(IList<string>? accept, out IReportWriter? writer)
    {
        writer = null;
        var values = accept?.Where(v => !string.IsNullOrWhiteSpace(v)).ToList() ?? [];
        if (values.Count == 0)
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParseList(values, out var ranges))
        {
            return false;
        }

        // OrderByDescending is stable: among equal qualities the client's order stands.
        foreach (var range in ranges.Where(r => (r.Quality ?? 1) > 0).OrderByDescending(r => r.Quality ?? 1))
        {
            var type = range.MediaType.Value ?? "";
            if (Is(type, Json) || Is(type, "*/*") || Is(type, "application/*"))
            {
                return true;
            }

            writer = Is(type, "text/*") ? Writers[0] : Writers.FirstOrDefault(w => Is(type, w.MediaType));
            if (writer is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
