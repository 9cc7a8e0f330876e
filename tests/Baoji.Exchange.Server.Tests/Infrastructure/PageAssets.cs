using System.Net;
using System.Text.RegularExpressions;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>Checks that a running server's pages come with their styles and scripts (a page without them is unusable).</summary>
internal static partial class PageAssets
{
    /// <summary>Every stylesheet and script /signin refers to, and Blazor's own script, answer 200 with content.</summary>
    public static async Task AssertServedAsync(HttpClient http)
    {
        var signIn = await http.GetStringAsync("/signin");
        var assets = AssetReference().Matches(signIn).Select(m => m.Groups["path"].Value).Append("_framework/blazor.web.js").Distinct().ToList();
        Assert.Contains(assets, a => a.Contains("AntDesign", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync("/" + asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{asset} has content");
        }
    }

    [GeneratedRegex("(?:href|src)=\"(?<path>[^\"/][^\"]*\\.(?:css|js))\"")]
    private static partial Regex AssetReference();
}
