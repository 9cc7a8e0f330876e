using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Api.OpenApi;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Registry;
using Baoji.Exchange.Server.Reports;
using Baoji.Exchange.Server.Reports.Documents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

/// <summary>The year-end figures, maintained as records change, and what each figure counts.</summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/reports").WithTags("Year-end figures").RequireAuthorization().ProducesCommonProblems();
        api.MapGet("{year:int}", GetAsync).WithSummary("The figures of a year from one city's side")
            .WithDescription("JSON by default; Accept: text/markdown, text/csv or the XLSX media type gives the same report as a document.")
            .Produces<YearReport>(StatusCodes.Status200OK, ReportFormats.Json, [.. ReportFormats.Writers.Select(w => w.MediaType)])
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status406NotAcceptable);
        api.MapGet("{year:int}/chart.png", ChartAsync).WithSummary("A chart of the year: exchanges per county and per month, by kind")
            .Produces<Stream>(StatusCodes.Status200OK, PngChartWriter.ContentType).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("{year:int}/records", DrillDownAsync).WithSummary("What one figure counts, for the city or one county").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<YearReport>, FileContentHttpResult, ProblemHttpResult>> GetAsync(
        int year, string? perspective, HttpContext http, ReportService reports, RegistryReader registry, AccessPolicy access)
    {
        http.Response.Headers.Vary = "Accept";
        if (!ReportFormats.TryNegotiate(http.Request.Headers.Accept, out var writer))
        {
            return Problems.Status(StatusCodes.Status406NotAcceptable, "Not acceptable", "Accept", $"Accept is one of: {ReportFormats.Supported}.");
        }

        if (await RefuseAsync(access, http, AccessMatrix.Report, perspective, "perspective") is { } refused)
        {
            return refused;
        }

        var (context, field, error) = await reports.ContextAsync(year, perspective);
        if (context is null)
        {
            return Problems.Invalid(field!, error!);
        }

        var report = ReportService.Build(context);
        if (writer is null)
        {
            return TypedResults.Ok(report);
        }

        var document = new ReportDocument(report, await NamesAsync(context, registry));
        return TypedResults.File(writer.Write(document), writer.ContentType, writer.FileName(report));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ChartAsync(
        int year, string? perspective, HttpContext http, ReportService reports, AccessPolicy access, ILogger<ReportService> logger)
    {
        if (await RefuseAsync(access, http, AccessMatrix.ReportChart, perspective, "perspective") is { } refused)
        {
            return refused;
        }

        var (context, field, error) = await reports.ContextAsync(year, perspective);
        if (context is null)
        {
            return Problems.Invalid(field!, error!);
        }

        var data = YearChartData.From(context, ReportService.Build(context));
        return TypedResults.File(PngChartWriter.Write(data, ChartFonts.Resolve(logger)), PngChartWriter.ContentType);
    }

    /// <summary>Names of the two cities and their counties, for the documents (partner counties are named by id in the report).</summary>
    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(ReportContext context, RegistryReader registry)
    {
        var partnerCounties = await registry.ListAsync(OrganizationKind.County, context.Partner.Id);
        return new[] { context.Perspective, context.Partner }.Concat(context.Counties).Concat(partnerCounties)
            .DistinctBy(o => o.Id)
            .ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
    }

    private static async Task<Results<Ok<FigureDrillDown>, ProblemHttpResult>> DrillDownAsync(
        int year, string? perspective, string? figure, string? countyId, int? pageSize, string? continuationToken,
        HttpContext http, FigureDrillDowns drillDowns)
    {
        var outcome = await drillDowns.ReadAsync(http.Caller(), year, perspective, figure, countyId, pageSize, continuationToken);
        if (outcome.DrillDown is { } drillDown)
        {
            return TypedResults.Ok(drillDown);
        }

        return outcome.Status == StatusCodes.Status400BadRequest
            ? Problems.Invalid(outcome.Field!, outcome.Message!)
            : Problems.Refused(outcome.Status, outcome.Field!, outcome.Message!);
    }

    /// <summary>The matrix's refusal of a report of <paramref name="organizationId"/> (a perspective city or a county), or null.</summary>
    internal static async Task<ProblemHttpResult?> RefuseAsync(AccessPolicy access, HttpContext http, AccessEndpoint endpoint, string? organizationId, string field)
    {
        if (organizationId is null)
        {
            // Missing: the validation that follows names the field.
            return null;
        }

        var status = await access.DecideAsync(http.Caller(), endpoint, organizationId ?? string.Empty);
        return status == AccessMatrix.Allowed
            ? null
            : Problems.Refused(status, field, $"This token may not read {endpoint} of {organizationId}: a city reads its own side of its partnership, a county bureau its own county's figures.");
    }
}
