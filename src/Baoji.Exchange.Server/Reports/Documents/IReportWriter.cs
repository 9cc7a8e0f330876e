namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>Writes a year's report as one kind of document.</summary>
public interface IReportWriter
{
    /// <summary>The media type a client asks for in <c>Accept</c>.</summary>
    string MediaType { get; }

    /// <summary>The Content-Type of the response (with its charset for text).</summary>
    string ContentType { get; }

    /// <summary>The file name a browser saves the document under, or null to show it inline.</summary>
    string? FileName(YearReport report);

    byte[] Write(ReportDocument document);
}
