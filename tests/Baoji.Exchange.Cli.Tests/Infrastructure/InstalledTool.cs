using System.Diagnostics;
using System.Reflection;

namespace Baoji.Exchange.Cli.Tests.Infrastructure;

/// <summary>
/// The CLI as a person gets it: <c>dotnet pack</c> into a temporary feed, <c>dotnet tool install --tool-path</c> from
/// it, and <c>baoji</c> run as a process of its own. Assumes <c>dotnet</c> is on PATH (it is wherever these tests run:
/// <c>dotnet test</c> started them). Packs the build the tests run against (--no-build), once per test class.
/// </summary>
public sealed class InstalledTool : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("baoji-tool-");

    public string ToolPath => Path.Combine(_folder.FullName, "tools");

    public string Executable => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "baoji.exe" : "baoji");

    /// <summary>A home folder of the tool's own, so nothing of the machine's ~/.config is read.</summary>
    public string Home => Path.Combine(_folder.FullName, "home");

    public async Task InstallAsync()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Baoji.Exchange.Cli", "Baoji.Exchange.Cli.csproj");
        var configuration = typeof(InstalledTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var feed = Path.Combine(_folder.FullName, "feed");
        await DotnetAsync(["pack", project, "--no-build", "--no-restore", "-c", configuration, "-o", feed]);
        // A package cache of its own: the machine's may hold an older build of the same version, which install would take.
        await DotnetAsync(["tool", "install", "--tool-path", ToolPath, "--add-source", feed, "Baoji.Exchange.Cli"],
            ("NUGET_PACKAGES", Path.Combine(_folder.FullName, "packages")));
        Directory.CreateDirectory(Home);
    }

    /// <summary>Runs the installed <c>baoji</c> with only the environment given (plus PATH, HOME and the runtime's location).</summary>
    public async Task<CliRun> RunAsync(string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(Executable, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("BAOJI_", StringComparison.Ordinal) || k == "XDG_CONFIG_HOME").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = Home;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await copy;
        return new CliRun(process.ExitCode, stdout.ToArray(), await stderr);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static async Task DotnetAsync(string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet is not on PATH");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}\n{await error}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baoji.Exchange.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Baoji.Exchange.sln not found above {AppContext.BaseDirectory}");
    }
}
