using System.Globalization;
using Baoji.Exchange.Server.Ledger;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Baoji.Exchange.Server.Api;

/// <summary>A storage outage is a 503 with Retry-After: the client may repeat the same request (same Idempotency-Key) later.</summary>
internal sealed class StorageUnavailableHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StorageUnavailableException unavailable)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(unavailable.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await ProblemWriter.WriteAsync(httpContext, new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Storage is unavailable",
            Detail = "Nothing was lost: repeat the same request (with the same Idempotency-Key) after Retry-After seconds.",
            Extensions = { ["errors"] = new Dictionary<string, string[]> { ["storage"] = ["Storage did not answer in time."] } },
        }, exception);
        return true;
    }
}
