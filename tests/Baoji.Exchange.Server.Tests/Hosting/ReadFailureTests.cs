using System.Net;
using Azure;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Hosting;

/// <summary>
/// A read that fails because a grain call timed out, the silo is gone or storage failed on its side is a 503 with
/// Retry-After and a problem naming storage, never a 500: the client did nothing wrong and may simply ask again.
/// The failures are thrown by a test-only endpoint behind the server's real pipeline (auth, exception handlers).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReadFailureTests(AzuriteFixture azurite)
{
    private const string FailingPath = "/api/v1/test-failing-read";

    public static TheoryData<string> Failures => ["timeout", "silo", "storage-5xx", "storage-network"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_read_is_a_503_with_Retry_After(string failure)
    {
        await using var server = new ServerFactory(azurite, $"readfail-{Guid.NewGuid():N}"[..20], loadSeeds: false,
            testServices: s => s.AddSingleton<IStartupFilter>(new FailingReadEndpoint()));

        var response = await server.Admin().GetAsync($"{FailingPath}?failure={failure}");

        await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "storage");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    private sealed class FailingReadEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // After the app's own pipeline: reached only for this path, inside its exception handler.
            app.Use((HttpContext context, RequestDelegate _) => context.Request.Path == FailingPath
                ? throw Failure(context.Request.Query["failure"].ToString())
                : Task.CompletedTask);
        };

        private static Exception Failure(string name) => name switch
        {
            "timeout" => new TimeoutException("Response did not arrive on time in 00:00:30"),
            "silo" => new SiloUnavailableException("The silo is gone"),
            "storage-5xx" => new RequestFailedException(503, "Server busy"),
            _ => new RequestFailedException("Connection refused"),
        };
    }
}
