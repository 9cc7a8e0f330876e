using System.Runtime.CompilerServices;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>
/// Debian's Noto CJK fonts, which the charts draw Chinese with, installed with apt when missing before any test runs:
/// the chart resolves its font once per process, so installing it later (as the browser tests' fixture does) comes too
/// late for this assembly, and `dotnet test` on a fresh machine must pass without a step by hand.
/// </summary>
internal static class CjkFont
{
#pragma warning disable CA2255 // A test assembly's one-time setup, before any test reads the font.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void EnsureInstalled()
    {
        if (!DebianPackages.Run("fc-list", "", TimeSpan.FromSeconds(30)).Contains("Noto Sans CJK", StringComparison.OrdinalIgnoreCase))
        {
            DebianPackages.Install("fonts-noto-cjk");
        }
    }
}
