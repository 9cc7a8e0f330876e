using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Accounts;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Registry;
using Baoji.Exchange.Server.Reports;
using Baoji.Exchange.Server.Reports.Documents;

namespace Baoji.Exchange.Server.Web.Hosting;

/// <summary>
/// What the pages link to that is not a page: the year's report as Markdown/CSV/XLSX, its chart, an agreement's scan,
/// and signing out. Signed in by the page cookie; the same services and access rules as the API's endpoints.
/// </summary>
internal static class PageDownloads
{
    public static void MapPageDownloads(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/downloads").RequireAuthorization(p => p.AddAuthenticationSchemes(AccountAuthentication.CookieScheme).RequireAuthenticatedUser())
            .ExcludeFromDescription();
        pages.MapGet("/reports/{year:int}.{format}", ReportAsync);
        pages.MapGet("/reports/{year:int}/chart.png", ChartAsync);
        pages.MapGet("/agreements/{id}/document", (string id, HttpContext http, LedgerService ledger, AgreementDocuments documents) =>
            Api.AgreementDocumentEndpoints.GetAsync(id, http, ledger, documents));
    }

    private static async Task<IResult> ReportAsync(int year, string format, HttpContext http, ReportService reports, RegistryReader registry, AccessPolicy access)
    {
        var writer = ReportFormats.Writers.FirstOrDefault(w => w.MediaType == MediaTypeOf(format));
        var (context, status) = await ContextAsync(year, http, reports, registry, access, AccessMatrix.Report);
        if (writer is null || context is null)
        {
            return Results.StatusCode(writer is null ? StatusCodes.Status404NotFound : status);
        }

        var report = ReportService.Build(context);
        var names = new[] { context.Perspective, context.Partner }.Concat(context.Counties)
            .Concat(await registry.ListAsync(OrganizationKind.County, context.Partner.Id))
            .DistinctBy(o => o.Id).ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
        return Results.File(writer.Write(new ReportDocument(report, names)), writer.ContentType, $"report-{year}-{report.Perspective}.{format}");
    }

    private static string? MediaTypeOf(string format) => format switch
    {
        "md" => "text/markdown",
        "csv" => "text/csv",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => null,
    };

    private static async Task<IResult> ChartAsync(int year, HttpContext http, ReportService reports, RegistryReader registry, AccessPolicy access, ILogger<ReportService> logger)
    {
        var (context, status) = await ContextAsync(year, http, reports, registry, access, AccessMatrix.ReportChart);
        return context is null
            ? Results.StatusCode(status)
            : Results.File(PngChartWriter.Write(YearChartData.From(context, ReportService.Build(context)), ChartFonts.Resolve(logger)), PngChartWriter.ContentType);
    }

    /// <summary>The report of the caller's own city (its perspective), if the matrix lets the caller read it.</summary>
    private static async Task<(ReportContext? Context, int Status)> ContextAsync(
        int year, HttpContext http, ReportService reports, RegistryReader registry, AccessPolicy access, AccessEndpoint endpoint)
    {
        var caller = Caller.From(http.User);
        var city = caller.OrganizationId is { } id ? await registry.CityOfAsync(id) : null;
        if (city is null || await access.DecideAsync(caller, endpoint, city.Id) is var status and not AccessMatrix.Allowed)
        {
            return (null, StatusCodes.Status403Forbidden);
        }

        var (context, _, _) = await reports.ContextAsync(year, city.Id);
        return (context, context is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }
}
