using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// How large a request body an endpoint takes; <paramref name="Streamed"/>: the handler reads it as a stream and counts
/// itself; <paramref name="Field"/>: what a 413 names (an upload names its form field).
/// </summary>
public sealed record BodyLimit(long MaxBytes, bool Streamed = false, string Field = "body");

/// <summary>
/// Request size limits per endpoint: every body is at most 64 KiB (the largest valid JSON request is a few KiB)
/// unless the endpoint says otherwise with <see cref="BodyLimit"/> (the agreement scan: 20 MiB, streamed). Too large
/// is 413 problem+json naming "body", before authentication or binding read anything.
/// </summary>
public static class RequestBodyLimits
{
    public const long DefaultMaxBytes = 64 * 1024;

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes, bool streamed = false, string field = "body") where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(maxBytes, streamed, field));

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() ?? new BodyLimit(DefaultMaxBytes);

        // Kestrel enforces it as well while the body is read (its own default is 30 MB); the test host has no such feature.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel)
        {
            kestrel.MaxRequestBodySize = limit.MaxBytes;
        }

        if (http.Request.ContentLength > limit.MaxBytes)
        {
            await TooLargeAsync(http, limit);
            return;
        }

        // A body without Content-Length (chunked) is read here, at most one byte past the limit, so a JSON endpoint never
        // binds more than its limit whatever the server underneath enforces. 64 KiB in memory is cheap; streamed bodies
        // are counted by their handler instead.
        if (!limit.Streamed && http.Request.ContentLength is null && TakesBody(http.Request.Method))
        {
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit.MaxBytes)
                {
                    await TooLargeAsync(http, limit);
                    return;
                }

                buffer.Write(chunk, 0, read);
            }

            buffer.Position = 0;
            http.Request.Body = buffer;
            http.Request.ContentLength = buffer.Length;
        }

        await next(http);
    });

    private static bool TakesBody(string method) => HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method);

    private static async Task TooLargeAsync(HttpContext http, BodyLimit limit)
    {
        var message = $"The request body is at most {Describe(limit.MaxBytes)} here.";
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await ProblemWriter.WriteAsync(http, new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "Payload too large",
            Detail = message,
            Extensions = { ["errors"] = new Dictionary<string, string[]> { [limit.Field] = [message] } },
        });
    }

    private static string Describe(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / 1024 / 1024} MiB" : $"{bytes / 1024} KiB";
}
