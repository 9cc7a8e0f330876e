namespace Baoji.Exchange.Server.Identity;

/// <summary>Writes a generated secret (the admin token, the admin password) to a file only its owner may read.</summary>
internal static class OwnerOnlyFile
{
    public static void Write(string file, string secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(file, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), create);
        writer.WriteLine(secret);
    }
}
