using System.Diagnostics;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

/// <summary>Debian's chromium, the only browser the tests drive (never a downloaded build); installed with apt when missing.</summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Path))
        {
            return;
        }

        var root = Environment.GetEnvironmentVariable("USER") == "root" || await RunAsync("id", "-u") == "0";
        var install = "apt-get update && apt-get install -y chromium fonts-noto-cjk";
        var (file, args) = root ? ("sh", $"-c \"{install}\"") : ("sudo", $"sh -c \"{install}\"");
        await RunAsync(file, args, TimeSpan.FromMinutes(10));
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing and could not be installed: run `{install}` (as root).");
        }
    }

    private static async Task<string> RunAsync(string file, string args, TimeSpan? timeout = null)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(cts.Token);
        return (await output).Trim();
    }
}
