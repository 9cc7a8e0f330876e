using System.Net;
using System.Text;
using Baoji.Exchange.Cli.Tests.Infrastructure;

namespace Baoji.Exchange.Cli.Tests;

/// <summary>The command line against a stub server: what it asks for, where its token comes from, what it prints, its exit codes.</summary>
public sealed class CliAppTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("baoji-cli-tests-");

    private string TokenFile
    {
        get
        {
            var path = Path.Combine(_folder.FullName, "token");
            File.WriteAllText(path, "secret-token-0123456789\n");
            return path;
        }
    }

    [Fact]
    public async Task Asks_with_the_accept_header_and_token_and_writes_the_body_unchanged()
    {
        var csv = "\uFEFF年度,代码\r\n2024,610300\r\n"u8.ToArray();
        using var stub = new StubHandler(HttpStatusCode.OK, "text/csv", csv);

        var run = await CliRun.RunAsync(["report", "2024", "-p", "610300", "-f", "csv", "--url", "http://server:5080/base", "--token-file", TokenFile], stub);

        Assert.Equal(0, run.Exit);
        Assert.Equal(csv, run.StdoutBytes);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("http://server:5080/base/api/v1/reports/2024?perspective=610300", request.Uri);
        Assert.Equal("Bearer secret-token-0123456789", request.Authorization);
        Assert.StartsWith("text/csv", request.Accept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_binary_formats_to_the_out_file()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
        using var stub = new StubHandler(HttpStatusCode.OK, "image/png", png);
        var file = Path.Combine(_folder.FullName, "chart.png");

        var run = await CliRun.RunAsync(["report", "2024", "-p", "610300", "-f", "png", "-o", file], stub, Env(("BAOJI_TOKEN", "from-environment")));

        Assert.Equal(0, run.Exit);
        Assert.Equal(png, await File.ReadAllBytesAsync(file));
        Assert.Empty(run.StdoutBytes);
        Assert.EndsWith("/api/v1/reports/2024/chart.png?perspective=610300", Assert.Single(stub.Requests).Uri, StringComparison.Ordinal);
        Assert.Equal("Bearer from-environment", stub.Requests[0].Authorization);
    }

    [Fact]
    public async Task A_refusal_prints_the_problem_detail_and_exits_1()
    {
        var problem = """{"title":"Not acceptable","status":406,"detail":"Accept is one of: application/json, text/markdown.","errors":{"Accept":["Accept is one of: application/json, text/markdown."]}}""";
        using var stub = new StubHandler(HttpStatusCode.NotAcceptable, "application/problem+json", Encoding.UTF8.GetBytes(problem));

        var run = await CliRun.RunAsync(["report", "2024", "-p", "610300", "--token-file", TokenFile], stub);

        Assert.Equal(1, run.Exit);
        Assert.Empty(run.StdoutBytes);
        Assert.Equal("error: HTTP 406 Not Acceptable: Accept is one of: application/json, text/markdown.", run.Stderr.Trim());
    }

    [Fact]
    public async Task Field_errors_without_a_detail_are_printed_by_field()
    {
        var problem = """{"title":"One or more fields are invalid.","status":400,"errors":{"perspective":["perspective is the id of a registered city, e.g. 610300."],"year":["year lies between 2000 and 2100."]}}""";
        using var stub = new StubHandler(HttpStatusCode.BadRequest, "application/problem+json", Encoding.UTF8.GetBytes(problem));

        var run = await CliRun.RunAsync(["report", "2024", "-p", "999", "--token-file", TokenFile], stub);

        Assert.Equal(1, run.Exit);
        Assert.Equal(
            "error: HTTP 400 Bad Request (One or more fields are invalid.): perspective: perspective is the id of a registered city, e.g. 610300.; year: year lies between 2000 and 2100.",
            run.Stderr.Trim());
    }

    [Fact]
    public async Task A_refused_token_says_where_tokens_come_from()
    {
        using var stub = new StubHandler(HttpStatusCode.Unauthorized, "application/problem+json", "{}"u8.ToArray());

        var run = await CliRun.RunAsync(["report", "2024", "-p", "610300", "--token", "wrong"], stub);

        Assert.Equal(1, run.Exit);
        Assert.Contains("check the token (--token, --token-file, $BAOJI_TOKEN or ~/.config/baoji/token)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_exits_1()
    {
        using var stub = new StubHandler(_ => throw new HttpRequestException("Connection refused"));

        var run = await CliRun.RunAsync(["report", "2024", "-p", "610300", "--token-file", TokenFile], stub);

        Assert.Equal(1, run.Exit);
        Assert.Contains("cannot reach http://127.0.0.1:5080/", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_comes_from_baoji_url_unless_url_is_given()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "text/markdown", "# 报告"u8.ToArray());

        await CliRun.RunAsync(["report", "2024", "-p", "610300", "--token", "t"], stub, Env(("BAOJI_URL", "https://exchange.example/")));
        await CliRun.RunAsync(["report", "2024", "-p", "610300", "--token", "t", "--url", "http://other:81"], stub, Env(("BAOJI_URL", "https://exchange.example/")));

        Assert.Equal(["https://exchange.example/api/v1/reports/2024?perspective=610300", "http://other:81/api/v1/reports/2024?perspective=610300"],
            stub.Requests.Select(r => r.Uri));
    }

    [Fact]
    public async Task Wrong_usage_prints_the_usage_and_exits_2_without_a_request()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "text/markdown", []);

        var run = await CliRun.RunAsync(["report", "2024"], stub);

        Assert.Equal(2, run.Exit);
        Assert.Contains("Usage:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Option '--perspective' is required.", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutBytes);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task A_missing_token_file_exits_2()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "text/markdown", []);

        var run = await CliRun.RunAsync(["report", "2024", "-p", "610300", "--token-file", Path.Combine(_folder.FullName, "none")], stub);

        Assert.Equal(2, run.Exit);
        Assert.Contains("no token", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Without_a_token_it_exits_2_saying_how_to_give_one_and_never_reads_the_admin_token_file()
    {
        // The server writes its admin token to .data/admin-token; an earlier CLI read it by default.
        var adminTokenFile = Path.Combine(Environment.CurrentDirectory, ".data", "admin-token");
        var existed = File.Exists(adminTokenFile);
        if (!existed)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(adminTokenFile)!);
            await File.WriteAllTextAsync(adminTokenFile, "admin-token-that-must-not-be-used");
        }

        try
        {
            using var stub = new StubHandler(HttpStatusCode.OK, "text/markdown", []);

            var run = await CliRun.RunAsync(["report", "2024", "-p", "610300"], stub, Env(("HOME", _folder.FullName)));

            Assert.Equal(2, run.Exit);
            Assert.Empty(stub.Requests);
            Assert.Contains("no token. Give your personal token with --token <token>, --token-file <file>, $BAOJI_TOKEN", run.Stderr, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(_folder.FullName, ".config", "baoji", "token"), run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!existed)
            {
                File.Delete(adminTokenFile);
            }
        }
    }

    [Fact]
    public async Task The_token_comes_from_the_option_then_the_environment_then_the_config_folder()
    {
        var config = Path.Combine(_folder.FullName, ".config", "baoji");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "token"), "from-config-file\n");
        var xdg = Path.Combine(_folder.FullName, "xdg");
        Directory.CreateDirectory(Path.Combine(xdg, "baoji"));
        await File.WriteAllTextAsync(Path.Combine(xdg, "baoji", "token"), "from-xdg-config\n");
        using var stub = new StubHandler(HttpStatusCode.OK, "text/markdown", []);
        string[] report = ["report", "2024", "-p", "610300"];

        await CliRun.RunAsync([.. report, "--token", "from-option"], stub, Env(("HOME", _folder.FullName), ("BAOJI_TOKEN", "from-environment")));
        await CliRun.RunAsync(report, stub, Env(("HOME", _folder.FullName), ("BAOJI_TOKEN", "from-environment")));
        await CliRun.RunAsync(report, stub, Env(("HOME", _folder.FullName)));
        await CliRun.RunAsync(report, stub, Env(("HOME", _folder.FullName), ("XDG_CONFIG_HOME", xdg)));

        Assert.Equal(["Bearer from-option", "Bearer from-environment", "Bearer from-config-file", "Bearer from-xdg-config"], stub.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_commands_and_exit_codes()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "text/markdown", []);

        var root = await CliRun.RunAsync(["--help"], stub);
        var report = await CliRun.RunAsync(["report", "--help"], stub);

        Assert.Equal((0, 0), (root.Exit, report.Exit));
        foreach (var command in new[] { "report <year>", "records", "import <file>", "reconcile <year>" })
        {
            Assert.Contains(command, root.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes: 0 done, 1 the server refused or could not be reached", root.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 done", report.Stdout, StringComparison.Ordinal);
        Assert.Contains("--perspective", report.Stdout, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static Dictionary<string, string> Env(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}
