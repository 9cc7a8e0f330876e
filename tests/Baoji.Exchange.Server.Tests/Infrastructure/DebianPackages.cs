using System.Diagnostics;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>Installs Debian packages the tests need (the browser, the CJK fonts) with apt, with sudo when not root.</summary>
internal static class DebianPackages
{
    public static string InstallCommand(string packages) => $"apt-get update && apt-get install -y {packages}";

    public static void Install(string packages)
    {
        var install = InstallCommand(packages);
        var root = Run("id", "-u", TimeSpan.FromSeconds(10)) == "0";
        _ = root ? Run("sh", $"-c \"{install}\"", TimeSpan.FromMinutes(10)) : Run("sudo", $"sh -c \"{install}\"", TimeSpan.FromMinutes(10));
    }

    /// <summary>The command's standard output, trimmed; empty when it is not there or does not end in time.</summary>
    public static string Run(string file, string args, TimeSpan timeout)
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
            // No such command here: the caller's check then says what is missing.
            return "";
        }
    }
}
