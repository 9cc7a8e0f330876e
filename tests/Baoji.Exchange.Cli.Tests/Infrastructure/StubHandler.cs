using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Baoji.Exchange.Cli.Tests.Infrastructure;

/// <summary>A request the CLI sent, as the stub saw it.</summary>
public sealed record SeenRequest(string Method, string Uri, string? Authorization, string Accept, string? Body);

/// <summary>Answers the CLI's requests in place of a server (for parsing and wiring tests; the real server is in <c>ServerCommandsTests</c>).</summary>
public sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public StubHandler(HttpStatusCode status, string contentType, byte[] body)
        : this(_ => Answer(status, contentType, body))
    {
    }

    public List<SeenRequest> Requests { get; } = [];

    public static HttpResponseMessage Answer(HttpStatusCode status, string contentType, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new HttpResponseMessage(status) { Content = content };
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        Answer(status, "application/json", Encoding.UTF8.GetBytes(json));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new SeenRequest(request.Method.Method, request.RequestUri!.ToString(), request.Headers.Authorization?.ToString(), request.Headers.Accept.ToString(), body));
        var response = answer(request);
        response.RequestMessage = request;
        return response;
    }
}
