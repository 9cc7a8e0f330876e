using System.Net;
using System.Text;

namespace Baoji.Exchange.Cli.Tests;

/// <summary>The command line against a stub server: what it asks for, what it prints, and its exit codes.</summary>
public sealed class CliAppTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("baoji-cli-tests-");
    private readonly MemoryStream _stdout = new();
    private readonly StringWriter _stderr = new();

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

        var exit = await Run(["report", "2024", "-p", "610300", "-f", "csv", "--url", "http://server:5080/base", "--token-file", TokenFile], stub);

        Assert.Equal(0, exit);
        Assert.Equal(csv, _stdout.ToArray());
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

        var exit = await Run(["report", "2024", "-p", "610300", "-f", "png", "-o", file], stub, token: "from-environment");

        Assert.Equal(0, exit);
        Assert.Equal(png, await File.ReadAllBytesAsync(file));
        Assert.Equal(0, _stdout.Length);
        Assert.EndsWith("/api/v1/reports/2024/chart.png?perspective=610300", Assert.Single(stub.Requests).Uri, StringComparison.Ordinal);
        Assert.Equal("Bearer from-environment", stub.Requests[0].Authorization);
    }

    [Fact]
    public async Task A_refusal_prints_the_problem_detail_and_exits_1()
    {
        var problem = """{"title":"Not acceptable","status":406,"detail":"Accept is one of: application/json, text/markdown.","errors":{"Accept":["Accept is one of: application/json, text/markdown."]}}""";
        using var stub = new StubHandler(HttpStatusCode.NotAcceptable, "application/problem+json", Encoding.UTF8.GetBytes(problem));

        var exit = await Run(["report", "2024", "-p", "610300", "--token-file", TokenFile], stub);

        Assert.Equal(1, exit);
        Assert.Equal(0, _stdout.Length);
        Assert.Equal("error: HTTP 406 Not Acceptable: Accept is one of: application/json, text/markdown.", _stderr.ToString().Trim());
    }

    [Fact]
    public async Task Field_errors_without_a_detail_are_printed_by_field()
    {
        var problem = """{"title":"One or more fields are invalid.","status":400,"errors":{"perspective":["perspective is the id of a registered city, e.g. 610300."]}}""";
        using var stub = new StubHandler(HttpStatusCode.BadRequest, "application/problem+json", Encoding.UTF8.GetBytes(problem));

        var exit = await Run(["report", "2024", "-p", "999", "--token-file", TokenFile], stub);

        Assert.Equal(1, exit);
        Assert.Contains("perspective: perspective is the id of a registered city", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_exits_1()
    {
        using var stub = new StubHandler(new HttpRequestException("Connection refused"));

        Assert.Equal(1, await Run(["report", "2024", "-p", "610300", "--token-file", TokenFile], stub));
        Assert.Contains("cannot reach http://127.0.0.1:5080/", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_usage_prints_the_usage_and_exits_2_without_a_request()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "text/markdown", []);

        Assert.Equal(2, await Run(["report", "2024"], stub));
        Assert.Contains("Usage: ", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("--perspective is required", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task A_missing_token_file_exits_2()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "text/markdown", []);

        Assert.Equal(2, await Run(["report", "2024", "-p", "610300", "--token-file", Path.Combine(_folder.FullName, "none")], stub));
        Assert.Contains("no token", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Help_exits_0()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "text/markdown", []);

        Assert.Equal(0, await Run(["--help"], stub));
        Assert.Contains("Exit codes", _stderr.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _stdout.Dispose();
        _stderr.Dispose();
        _folder.Delete(recursive: true);
    }

    private Task<int> Run(string[] args, StubHandler stub, string? token = null) =>
        CliApp.RunAsync(args, _stdout, _stderr, name => name == ReportOptions.TokenVariable ? token : null, stub);

    private sealed record SeenRequest(string Uri, string? Authorization, string Accept);

    private sealed class StubHandler : HttpMessageHandler
    {
        private readonly HttpStatusCode _status;
        private readonly string? _contentType;
        private readonly byte[] _body = [];
        private readonly Exception? _failure;

        public StubHandler(HttpStatusCode status, string contentType, byte[] body) => (_status, _contentType, _body) = (status, contentType, body);

        public StubHandler(Exception failure) => _failure = failure;

        public List<SeenRequest> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new SeenRequest(request.RequestUri!.ToString(), request.Headers.Authorization?.ToString(), request.Headers.Accept.ToString()));
            if (_failure is not null)
            {
                throw _failure;
            }

            var content = new ByteArrayContent(_body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(_contentType!);
            return Task.FromResult(new HttpResponseMessage(_status) { Content = content, RequestMessage = request });
        }
    }
}
