using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Api;

/// <summary>Configuration section "RateLimits": requests per window, per token (per remote address without one).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests a token (or an address) may make per window. Generous: a benchmark's 32 writers stay under it.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:PermitLimit must be between 1 and 1000000.")]
    public int PermitLimit { get; set; } = 10_000;

    [Range(1, 3600, ErrorMessage = "RateLimits:WindowSeconds must be between 1 and 3600.")]
    public int WindowSeconds { get; set; } = 1;
}

/// <summary>
/// ASP.NET Core rate limiting, partitioned by the authenticated token (so one school's flood does not slow the others)
/// and by remote address for requests without a valid token (so made-up tokens do not each get a partition).
/// A refusal is a 429 problem naming <c>rateLimit</c>, with Retry-After.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddBaojiRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionOf(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = TimeSpan.FromSeconds(options.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = RejectAsync;
        });
    }

    private static string PartitionOf(HttpContext http) => http.User.FindFirst(Caller.TokenClaim)?.Value is { } token
        ? "token:" + token
        : "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Too many requests from this token (or address): retry after {seconds} s.";
        await ProblemWriter.WriteAsync(http, new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = message,
            Extensions = { ["errors"] = new Dictionary<string, string[]> { ["rateLimit"] = [message] } },
        });
    }
}
