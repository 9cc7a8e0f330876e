using Microsoft.Playwright;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// Each flow's screenshots, one per page: beside the test binaries (screenshots/) on every run, and into the
/// repository's docs/screenshots/ (which the README shows) only when BAOJI_UPDATE_SCREENSHOTS=1 asks, so that a test
/// run does not rewrite tracked files.
/// </summary>
internal static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Environment.GetEnvironmentVariable("BAOJI_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot() ?? AppContext.BaseDirectory, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static Task SaveAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder.Value, $"{name}.png"), FullPage = true });

    private static string? RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Baoji.Exchange.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }
}
