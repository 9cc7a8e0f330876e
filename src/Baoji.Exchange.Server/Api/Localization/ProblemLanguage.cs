using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Baoji.Exchange.Server.Api.Localization;

/// <summary>The language a request asks its problems in: zh-CN when Accept-Language prefers Chinese, else English.</summary>
public static class ProblemLanguage
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static CultureInfo Of(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var languages))
        {
            return CultureInfo.InvariantCulture;
        }

        // The highest quality wins; among equals the first listed. q=0 means "not this one".
        var best = languages.Where(l => (l.Quality ?? 1) > 0)
            .Select((l, i) => (Tag: l.Value.Value ?? "", Quality: l.Quality ?? 1, Index: i))
            .OrderByDescending(l => l.Quality).ThenBy(l => l.Index)
            .FirstOrDefault();
        return best.Tag is { } tag && (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase))
            ? Chinese
            : CultureInfo.InvariantCulture;
    }
}
