using Microsoft.Playwright;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>Each flow's screenshots, one per page, kept in docs/screenshots/ (the README shows them).</summary>
internal static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Baoji.Exchange.sln")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static Task SaveAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder.Value, $"{name}.png"), FullPage = true });
}
