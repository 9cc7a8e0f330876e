using Baoji.Exchange.Server.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

/// <summary>The year-end figures, maintained as records change, and what each figure counts.</summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/reports").WithTags("Year-end figures").RequireAuthorization();
        api.MapGet("{year:int}", GetAsync).WithSummary("The figures of a year from one city's side");
        api.MapGet("{year:int}/records", DrillDownAsync).WithSummary("What one figure counts, for the city or one county");
        return api;
    }

    private static async Task<Results<Ok<YearReport>, ProblemHttpResult>> GetAsync(int year, string? perspective, ReportService reports)
    {
        var (context, field, error) = await reports.ContextAsync(year, perspective);
        return context is null ? Problems.Invalid(field!, error!) : TypedResults.Ok(ReportService.Build(context));
    }

    private static async Task<Results<Ok<FigureDrillDown>, ProblemHttpResult>> DrillDownAsync(
        int year, string? perspective, string? figure, string? countyId, ReportService reports)
    {
        var (context, field, error) = await reports.ContextAsync(year, perspective);
        if (context is null)
        {
            return Problems.Invalid(field!, error!);
        }

        if (countyId is not null && context.Counties.All(c => c.Id != countyId))
        {
            return Problems.Invalid("countyId", $"countyId is a county of {context.Perspective.Id}.");
        }

        var items = figure is null ? null : await reports.ItemsAsync(context, figure, countyId);
        if (items is null)
        {
            return Problems.Invalid("figure", $"figure is a field of the report, e.g. {string.Join(", ", ReportFigureNames.Counted)}.");
        }

        return TypedResults.Ok(new FigureDrillDown(year, context.Perspective.Id, countyId, figure!, items.Sum(i => i.Weight), items));
    }
}
