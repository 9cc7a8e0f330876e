namespace Baoji.Exchange.Server.Hosting;

/// <summary>
/// Finds folders the server reads (infra/, seeds/) when no setting names them: in the repository when it runs from
/// source, else beside its binaries when it runs from a <c>dotnet publish</c> output (which ships seeds/, never infra/).
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The first <paramref name="folder"/> found walking up from the working directory, then from the binaries.</summary>
    public static string? Find(string folder)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, folder);
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Baoji.Exchange.sln")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary><paramref name="folder"/> of the repository, else the one shipped beside the binaries, else null.</summary>
    public static string? FindOrShipped(string folder)
    {
        if (Find(folder) is { } inRepository)
        {
            return inRepository;
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, folder);
        return Directory.Exists(shipped) ? shipped : null;
    }
}
