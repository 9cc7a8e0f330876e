using System.Globalization;
using Azure;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Server.Ledger;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// A storage outage is a 503 with Retry-After: the client may repeat the same request (same Idempotency-Key) later.
/// Commands say so themselves (<see cref="StorageUnavailableException"/>); on the read paths a grain call that timed
/// out, a silo that is gone or storage that failed on its side mean the same thing, and are not the client's fault.
/// </summary>
internal sealed class StorageUnavailableHandler : IExceptionHandler
{
    private static readonly TimeSpan ReadRetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        TimeSpan? retryAfter = exception switch
        {
            StorageUnavailableException unavailable => unavailable.RetryAfter,
            TimeoutException or SiloUnavailableException or OrleansMessageRejectionException => ReadRetryAfter,
            // Injected by a failpoint (tests only): answered as the storage failure or crash it stands for.
            FailpointException or SimulatedCrashException => ReadRetryAfter,
            RequestFailedException { Status: 0 or >= 500 } => ReadRetryAfter,
            _ => null,
        };
        if (retryAfter is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await ProblemWriter.WriteAsync(httpContext, new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Storage is unavailable",
            Detail = "Nothing was lost: repeat the same request (with the same Idempotency-Key) after Retry-After seconds.",
            Extensions = { ["errors"] = new Dictionary<string, string[]> { ["storage"] = ["Storage or the silo did not answer in time."] } },
        }, exception);
        return true;
    }
}
