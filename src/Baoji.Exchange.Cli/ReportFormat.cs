namespace Baoji.Exchange.Cli;

/// <summary>A format the command can fetch: what it is called on the command line, and how the API is asked for it.</summary>
public sealed record ReportFormat(string Name, string Accept, bool Binary, bool Chart = false)
{
    public static IReadOnlyList<ReportFormat> All { get; } =
    [
        new("md", "text/markdown", Binary: false),
        new("csv", "text/csv", Binary: false),
        new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Binary: true),
        new("png", "image/png", Binary: true, Chart: true),
        new("json", "application/json", Binary: false),
    ];

    public static ReportFormat? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (string.Equals(name, "markdown", StringComparison.OrdinalIgnoreCase) ? All[0] : null);

    /// <summary>The request path, relative to the server's base address.</summary>
    public string PathFor(int year, string perspective) =>
        $"api/v1/reports/{year}{(Chart ? "/chart.png" : "")}?perspective={Uri.EscapeDataString(perspective)}";
}
