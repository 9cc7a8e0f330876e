using System.Globalization;
using System.Text;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>
/// How each writer makes stored text (organisation names, training subjects) safe for its format. The API refuses
/// control and bidi characters on input, but text stored before that rule, or entered through the seeds, still
/// reaches the writers: each escapes what it writes instead of trusting it.
/// </summary>
public static class DocumentText
{
    /// <summary>
    /// Markdown (and the HTML a renderer lets through): one line (whitespace runs, line breaks included, become one
    /// space), no control or bidi characters, HTML's &amp; &lt; &gt; as entities, Markdown's inline punctuation
    /// backslash-escaped, so a name can neither break out of its line or table cell, nor open a tag, link or emphasis.
    /// </summary>
    public static string Markdown(string text)
    {
        var md = new StringBuilder(text.Length + 8);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = md.Length > 0;
                continue;
            }

            if (IsBidiControl(c))
            {
                continue;
            }

            if (space)
            {
                md.Append(' ');
                space = false;
            }

            md.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                // Inline specials; the text never starts a line, so list and heading markers (- + 1.) need no escape.
                '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '!' or '|' or '~' => $"\\{c}",
                _ => c.ToString(),
            });
        }

        return md.ToString();
    }

    /// <summary>
    /// A CSV text cell that a spreadsheet does not run: one starting with = + - @ (or a tab or carriage return, which
    /// some spreadsheets skip before looking) gets a leading apostrophe (OWASP's advice). Numbers are left as they are.
    /// </summary>
    public static string CsvCell(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(field, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
            ? "'" + field
            : field;

    /// <summary>
    /// Text an XML 1.0 document can hold: characters outside its Char production (controls other than tab and line
    /// breaks, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, so the XLSX can always be written and opened.
    /// </summary>
    public static string Xml(string text)
    {
        StringBuilder? xml = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var valid = pair || c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
            if (!valid)
            {
                xml ??= new StringBuilder(text, 0, i, text.Length);
                xml.Append('\uFFFD');
                continue;
            }

            xml?.Append(c);
            if (pair)
            {
                i++;
                xml?.Append(text[i]);
            }
        }

        return xml?.ToString() ?? text;
    }

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
