namespace Baoji.Exchange.Server.Accounts;

/// <summary>Where a sign-in may send the browser back to: a path of this site, never another site (an open redirect).</summary>
public static class LocalUrls
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || c == '\\');

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
