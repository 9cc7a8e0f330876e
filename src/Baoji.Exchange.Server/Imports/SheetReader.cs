using System.Text;
using MiniExcelLibs;

namespace Baoji.Exchange.Server.Imports;

/// <summary>
/// Reads an uploaded sheet: XLSX (recognised by its ZIP signature) through MiniExcel, anything else as CSV. CSV text is
/// UTF-8 when its bytes are valid UTF-8 (a BOM is dropped), else GB18030, which Excel in China writes.
/// </summary>
public static class SheetReader
{
    public const string Unreadable = "The file is neither an XLSX workbook nor a CSV file in UTF-8 or GB18030.";

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static SheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The sheet, reading at most <paramref name="maxRows"/> + 1 data rows (so too many can be told).</summary>
    public static SheetContent Read(byte[] content, int maxRows)
    {
        try
        {
            return IsZip(content) ? ReadXlsx(content, maxRows) : ReadCsv(Decode(content), maxRows);
        }
        catch (UnreadableFileException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new UnreadableFileException(Unreadable, e);
        }
    }

    public static string Decode(byte[] content)
    {
        var bom = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0;
        string text;
        try
        {
            text = StrictUtf8.GetString(content, bom, content.Length - bom);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.GetEncoding("GB18030").GetString(content);
        }

        // Text files hold no NUL: a binary file (or UTF-16) is not a CSV this reads.
        return text.Contains('\0', StringComparison.Ordinal) ? throw new UnreadableFileException(Unreadable) : text;
    }

    private static bool IsZip(byte[] content) => content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;

    private static SheetContent ReadXlsx(byte[] content, int maxRows)
    {
        using var stream = new MemoryStream(content, writable: false);
        List<string>? headers = null;
        var rows = new List<SheetRow>();
        var number = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            number++;
            if (headers is null)
            {
                headers = [.. row.Values.Select(v => CellReader.Text(v) ?? "")];
                continue;
            }

            rows.Add(new SheetRow(number, [.. row.Values]));
            if (rows.Count > maxRows)
            {
                break;
            }
        }

        return new SheetContent(headers ?? [], rows);
    }

    private static SheetContent ReadCsv(string text, int maxRows)
    {
        List<string>? headers = null;
        var rows = new List<SheetRow>();
        var number = 0;
        foreach (var record in CsvText.Records(text))
        {
            number++;
            if (headers is null)
            {
                headers = [.. record.Select(h => h.Trim())];
                continue;
            }

            rows.Add(new SheetRow(number, [.. record]));
            if (rows.Count > maxRows)
            {
                break;
            }
        }

        return new SheetContent(headers ?? [], rows);
    }
}
