using System.Globalization;

namespace Baoji.Exchange.Cli;

/// <summary>
/// The CLI speaks one language. Its own texts (descriptions, errors, exit codes) are English, so System.CommandLine's
/// parse errors and help headings are held to English too: on a zh_CN machine they would otherwise come out in
/// Chinese, mixed into English usage text, and differ from what a script matching on them saw elsewhere.
/// </summary>
public static class CliLanguage
{
    /// <summary>Holds this flow's UI culture to the CLI's language until disposed, then restores it.</summary>
    public static IDisposable Hold()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        return new Restore(before);
    }

    private sealed class Restore(CultureInfo before) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentUICulture = before;
    }
}
