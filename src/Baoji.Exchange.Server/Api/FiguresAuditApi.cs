using System.Globalization;
using System.Text.RegularExpressions;
using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Server.Api.OpenApi;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// Operator endpoints: compare what the reports rest on with the records' stored state, and rebuild a year's figures
/// in the background (202 with the job's status resource), beside the figures that reports go on reading meanwhile.
/// </summary>
public static partial class FiguresAuditApi
{
    public static RouteGroupBuilder MapFiguresAuditApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/reports").WithTags("Year-end figures").RequireAuthorization().ProducesCommonProblems();
        api.MapGet("{year:int}/audit", AuditAsync)
            .WithSummary("Maintained figures, index rows and agreement register against the records' stored state (admin)")
            .RequireAccess(AccessMatrix.FiguresAudit).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("{year:int}/rebuild", RebuildAsync)
            .WithSummary("Start rebuilding the year's figures from the records' stored state (admin); 202 with the job's status at Location")
            .RequireAccess(AccessMatrix.FiguresRebuild).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("{year:int}/rebuild/{jobId}", RebuildStatusAsync)
            .WithSummary("A rebuild's state, progress and the audit after it (admin); the last rebuild of a year is kept")
            .RequireAccess(AccessMatrix.FiguresRebuildStatus).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<FiguresComparison>, ProblemHttpResult>> AuditAsync(
        int year, string? perspective, ReportService reports, FiguresAudit audit, CancellationToken cancellationToken)
    {
        var (context, field, error) = await reports.ContextAsync(year, perspective);
        return context is null ? Problems.Invalid(field!, error!) : TypedResults.Ok(await audit.CompareAsync(context, cancellationToken));
    }

    private static async Task<Results<Accepted<RebuildStatus>, ProblemHttpResult>> RebuildAsync(
        int year, string? perspective, ReportService reports, IGrainFactory grains)
    {
        var (context, field, error) = await reports.ContextAsync(year, perspective);
        if (context is null)
        {
            return Problems.Invalid(field!, error!);
        }

        // A rebuild already running for the year is answered with itself.
        var job = await grains.GetGrain<IFiguresRebuildGrain>(FigureShards.YearKey(context.Partnership, year)).Start(context.Perspective.Id);
        return TypedResults.Accepted(StatusPath(job), RebuildStatus.Of(job));
    }

    private static async Task<Results<Ok<RebuildStatus>, ProblemHttpResult>> RebuildStatusAsync(int year, string jobId, IGrainFactory grains)
    {
        var match = JobIdPattern().Match(jobId);
        if (!match.Success || int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture) != year)
        {
            return Problems.NotFound("jobId", $"{jobId} is not a rebuild of {year}.");
        }

        var job = await grains.GetGrain<IFiguresRebuildGrain>(FigureShards.YearKey(match.Groups["partnership"].Value, year)).Get();
        return job?.Id == jobId
            ? TypedResults.Ok(RebuildStatus.Of(job))
            : Problems.NotFound("jobId", $"No rebuild {jobId}: only the last rebuild of a year is kept.");
    }

    private static string StatusPath(RebuildJob job) => FormattableString.Invariant($"/api/v1/reports/{job.Year}/rebuild/{job.Id}");

    // [0-9], not \d: \d also matches other scripts' digits ("٢٠٢٤"), which int.Parse refuses and no grain key should hold.
    [GeneratedRegex(@"^(?<partnership>[0-9]{6}-[0-9]{6})\.(?<year>[0-9]{4})\.g[0-9]{1,9}$")]
    private static partial Regex JobIdPattern();
}

/// <summary>A rebuild as the status resource shows it.</summary>
/// <param name="Generation">The generation of the figures it builds (reports switch to it when it completes).</param>
/// <param name="Audit">The audit after the rebuild, from the side of the perspective that started it; null until completed.</param>
public sealed record RebuildStatus(
    string Id, int Year, string Perspective, RebuildState State, RebuildProgressView Progress,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Generation, string? Error, FiguresComparison? Audit)
{
    public static RebuildStatus Of(RebuildJob job) => new(job.Id, job.Year, job.Perspective, job.State,
        new RebuildProgressView(job.Done, job.Total), job.StartedAt, job.FinishedAt, job.Generation, job.Error, job.Audit);
}

/// <param name="Done">Stored records read and projected.</param>
/// <param name="Total">Stored records to read (every record: which year a record counts in is in its state).</param>
public sealed record RebuildProgressView(int Done, int Total);
