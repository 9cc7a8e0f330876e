using Microsoft.AspNetCore.Mvc;

namespace Baoji.Exchange.Server.Api.Localization;

/// <summary>
/// The one place a problem is given its codes and language, as it is written (AddProblemDetails'
/// CustomizeProblemDetails, and <see cref="ProblemWriter"/> when the problem details service declines):
/// <c>code</c> (that of the first error, or of the detail), <c>errorCodes</c> (field → codes, beside
/// <c>errors</c>), and for zh-CN the title, the detail and the messages in <c>errors</c> in Chinese. The keys of
/// <c>errors</c> stay the request's field names.
/// </summary>
public static class ProblemLocalizer
{
    public static void Apply(ProblemDetailsContext context) => Apply(context.HttpContext, context.ProblemDetails);

    public static void Apply(HttpContext http, ProblemDetails problem)
    {
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        var culture = ProblemLanguage.Of(http.Request);
        string? firstCode = null;
        string? firstText = null;
        if (problem.Extensions.TryGetValue("errors", out var value) && value is IDictionary<string, string[]> errors)
        {
            var translated = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var codes = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var (field, messages) in errors)
            {
                var texts = messages.Select(m => ProblemCatalog.Translate(field, m, culture)).ToArray();
                translated[field] = [.. texts.Select(t => t.Text)];
                codes[field] = [.. texts.Select(t => t.Code)];
                firstCode ??= texts.FirstOrDefault().Code;
                firstText ??= texts.FirstOrDefault().Text;
            }

            problem.Extensions["errors"] = translated;
            problem.Extensions["errorCodes"] = codes;
        }

        if (problem.Detail is { } detail)
        {
            var text = ProblemCatalog.Translate("", detail, culture);
            firstCode ??= text.Code;
            problem.Detail = text.Text;
        }
        else if (ProblemCatalog.IsChinese(culture))
        {
            problem.Detail = firstText;
        }

        problem.Extensions["code"] = firstCode ?? $"http.{problem.Status ?? http.Response.StatusCode}";
        if (problem.Title is { } title)
        {
            problem.Title = ProblemCatalog.Title(title, culture);
        }
    }
}
