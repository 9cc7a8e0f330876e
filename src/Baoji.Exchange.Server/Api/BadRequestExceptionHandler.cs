using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// Turns what a client can get wrong before a handler runs (malformed JSON, a wrong type, a bad route or query
/// value) into a 400 problem naming the field, instead of a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, message) = bad.InnerException switch
        {
            JsonException json => (string.IsNullOrEmpty(json.Path) ? "body" : json.Path.TrimStart('$', '.'),
                "The value is malformed or of the wrong type" + (json.Path is null ? "." : $" at {json.Path}.")),
            _ => ("body", bad.Message),
        };
        httpContext.Response.StatusCode = bad.StatusCode;
        await ProblemWriter.WriteAsync(httpContext, new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "The request could not be read.",
            Detail = message,
            Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } },
        }, exception);
        return true;
    }
}
