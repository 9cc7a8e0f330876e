using Baoji.Exchange.Server.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

/// <summary>Operator endpoints: compare the maintained figures with a recomputation from the records, and rebuild them.</summary>
public static class FiguresAuditApi
{
    public static RouteGroupBuilder MapFiguresAuditApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/reports").WithTags("Year-end figures").RequireAuthorization(Policies.Admin);
        api.MapGet("{year:int}/audit", AuditAsync).WithSummary("Maintained figures against a recomputation from the records (admin)");
        api.MapPost("{year:int}/rebuild", RebuildAsync).WithSummary("Recompute the maintained figures of a year from the records (admin)");
        return api;
    }

    private static async Task<Results<Ok<FiguresComparison>, ProblemHttpResult>> AuditAsync(
        int year, string? perspective, ReportService reports, FiguresAudit audit, CancellationToken cancellationToken)
    {
        var (context, field, error) = await reports.ContextAsync(year, perspective);
        return context is null ? Problems.Invalid(field!, error!) : TypedResults.Ok(await audit.CompareAsync(context, cancellationToken));
    }

    private static async Task<Results<Ok<FiguresComparison>, ProblemHttpResult>> RebuildAsync(
        int year, string? perspective, ReportService reports, FiguresAudit audit, CancellationToken cancellationToken)
    {
        var (context, field, error) = await reports.ContextAsync(year, perspective);
        if (context is null)
        {
            return Problems.Invalid(field!, error!);
        }

        await audit.RebuildAsync(context, cancellationToken);
        var (rebuilt, _, _) = await reports.ContextAsync(year, perspective);
        return TypedResults.Ok(await audit.CompareAsync(rebuilt!, cancellationToken));
    }
}
