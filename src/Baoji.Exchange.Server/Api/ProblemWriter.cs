using Microsoft.AspNetCore.Mvc;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// Writes a problem+json body whatever the client's Accept says: the problem details service declines when
/// Accept excludes JSON (a browser, text/markdown), and an error must not turn into a 500 for that.
/// </summary>
internal static class ProblemWriter
{
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem, Exception? exception = null)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }))
        {
            Localization.ProblemLocalizer.Apply(context, problem);
            problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier;
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        }
    }
}
