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

        const string Packages = "chromium fonts-noto-cjk";
        await Task.Run(() => DebianPackages.Install(Packages));
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing and could not be installed: run `{DebianPackages.InstallCommand(Packages)}` (as root).");
        }
    }
}
