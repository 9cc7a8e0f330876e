namespace Baoji.Exchange.Cli;

/// <summary>What <c>baoji</c> exits with; scripts rely on these, the help text and the README list them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Done = 0;

    /// <summary>The server refused (its problem is printed), could not be reached, or an import had bad rows.</summary>
    public const int Failed = 1;

    /// <summary>Wrong usage (with the usage text), or no token given.</summary>
    public const int Usage = 2;

    public const string Help = "Exit codes: 0 done, 1 the server refused or could not be reached (or an import has bad rows), 2 wrong usage or no token.";
}
