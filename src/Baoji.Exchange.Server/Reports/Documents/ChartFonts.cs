using SkiaSharp;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>
/// The CJK font the chart draws Chinese with: Noto Sans CJK (Debian's fonts-noto-cjk), when installed. Without it the
/// chart labels counties by code in Latin text, and the server says so once in its log.
/// </summary>
public static partial class ChartFonts
{
    public const string Preferred = "Noto Sans CJK SC";

    private static readonly Lazy<string?> Found = new(Find);
    private static int _warned;

    /// <summary>The family name to draw Chinese with, or null when no CJK font is installed.</summary>
    public static string? Chinese => Found.Value;

    /// <summary>As <see cref="Chinese"/>; logs a warning the first time the font is missing.</summary>
    public static string? Resolve(ILogger logger)
    {
        var font = Chinese;
        if (font is null && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            Log.NoCjkFont(logger, Preferred);
        }

        return font;
    }

    private static string? Find()
    {
        foreach (var family in new[] { Preferred, "Noto Sans CJK", "Noto Serif CJK SC" })
        {
            // fontconfig answers an unknown family with some other font: accept only the one asked for, holding Chinese glyphs.
            using var typeface = SKFontManager.Default.MatchFamily(family);
            if (typeface is not null && typeface.FamilyName.StartsWith("Noto", StringComparison.Ordinal)
                && typeface.FamilyName.Contains("CJK", StringComparison.Ordinal) && typeface.ContainsGlyphs("宝鸡陇县互访交流培训"))
            {
                return typeface.FamilyName;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, EventName = "ChartWithoutCjkFont", Level = LogLevel.Warning,
            Message = "No CJK font ({Font}) is installed: the chart labels counties by code. Install fonts-noto-cjk for Chinese labels.")]
        public static partial void NoCjkFont(ILogger logger, string font);
    }
}
