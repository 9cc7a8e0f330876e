namespace Baoji.Exchange.Server.Hosting;

/// <summary>Finds folders of the repository (infra/, seeds/) from wherever the server was started.</summary>
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
}
