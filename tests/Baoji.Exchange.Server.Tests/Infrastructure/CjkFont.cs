using System.Diagnostics;
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
        if (Run("fc-list", "", TimeSpan.FromSeconds(30)).Contains("Noto Sans CJK", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var install = "apt-get update && apt-get install -y fonts-noto-cjk";
        var root = Run("id", "-u", TimeSpan.FromSeconds(10)) == "0";
        _ = root ? Run("sh", $"-c \"{install}\"", TimeSpan.FromMinutes(10)) : Run("sudo", $"sh -c \"{install}\"", TimeSpan.FromMinutes(10));
    }

    private static string Run(string file, string args, TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            process.WaitForExit(timeout);
            return output.Wait(timeout) ? output.Result.Trim() : "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No fc-list or sudo here: the font tests then say what is missing.
            return "";
        }
    }
}
