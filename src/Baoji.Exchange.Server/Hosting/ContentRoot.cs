namespace Baoji.Exchange.Server.Hosting;

/// <summary>
/// Where the server finds appsettings.json and wwwroot/. ASP.NET Core takes the working directory; a published
/// server started from another folder (<c>dotnet /opt/baoji/Baoji.Exchange.Server.dll</c>, a service manager's
/// working directory) would then find neither, and serve its pages without styles or scripts.
/// </summary>
public static class ContentRoot
{
    private const string Settings = "appsettings.json";

    /// <summary>The builder's options: the binaries' folder when the working directory is not a content root and it is.</summary>
    public static WebApplicationOptions For(string[] args)
    {
        var explicitlySet = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        var useBinaries = !explicitlySet
            && !File.Exists(Path.Combine(Directory.GetCurrentDirectory(), Settings))
            && File.Exists(Path.Combine(AppContext.BaseDirectory, Settings));
        return new WebApplicationOptions { Args = args, ContentRootPath = useBinaries ? AppContext.BaseDirectory : null };
    }
}
