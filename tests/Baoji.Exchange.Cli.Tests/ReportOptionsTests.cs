namespace Baoji.Exchange.Cli.Tests;

public sealed class ReportOptionsTests
{
    [Fact]
    public void Parses_the_documented_command()
    {
        var options = ReportOptions.Parse(
            ["report", "2024", "--perspective", "610300", "--format", "md", "--url", "http://127.0.0.1:5080", "--token-file", ".data/admin-token"],
            out var error, out var help);

        Assert.Null(error);
        Assert.False(help);
        Assert.Equal(2024, options!.Year);
        Assert.Equal("610300", options.Perspective);
        Assert.Equal("md", options.Format.Name);
        Assert.Equal("http://127.0.0.1:5080", options.Url);
        Assert.Equal(".data/admin-token", options.TokenFile);
        Assert.Null(options.Out);
    }

    [Fact]
    public void Short_and_equals_forms_work_and_markdown_is_the_default()
    {
        var options = ReportOptions.Parse(["report", "-p=320300", "2025", "-o", "r.md"], out var error, out _);

        Assert.Null(error);
        Assert.Equal(2025, options!.Year);
        Assert.Equal("320300", options.Perspective);
        Assert.Equal("text/markdown", options.Format.Accept);
        Assert.Equal("r.md", options.Out);
    }

    [Theory]
    [InlineData("no command given", new string[0])]
    [InlineData("unknown command 'print'", new[] { "print", "2024" })]
    [InlineData("the year is missing", new[] { "report", "--perspective", "610300" })]
    [InlineData("expected one year", new[] { "report", "twenty", "--perspective", "610300" })]
    [InlineData("--perspective is required", new[] { "report", "2024" })]
    [InlineData("--format is one of: md, csv, xlsx, png, json", new[] { "report", "2024", "-p", "610300", "-f", "pdf" })]
    [InlineData("name it with --out", new[] { "report", "2024", "-p", "610300", "-f", "xlsx" })]
    [InlineData("name it with --out", new[] { "report", "2024", "-p", "610300", "-f", "png" })]
    [InlineData("unknown option '--colour'", new[] { "report", "2024", "-p", "610300", "--colour", "red" })]
    [InlineData("option '--out' needs a value", new[] { "report", "2024", "-p", "610300", "--out" })]
    public void Wrong_usage_says_what_is_wrong(string expected, string[] args)
    {
        Assert.Null(ReportOptions.Parse(args, out var error, out _));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("md", "api/v1/reports/2024?perspective=610300")]
    [InlineData("xlsx", "api/v1/reports/2024?perspective=610300")]
    [InlineData("png", "api/v1/reports/2024/chart.png?perspective=610300")]
    public void The_chart_has_a_path_of_its_own(string format, string path) =>
        Assert.Equal(path, ReportFormat.Find(format)!.PathFor(2024, "610300"));
}
