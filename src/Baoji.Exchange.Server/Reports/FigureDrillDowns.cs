using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Server.Identity;

namespace Baoji.Exchange.Server.Reports;

/// <summary>What a drill-down came to: the page of items, or the refusal with its status and the field at fault.</summary>
public sealed record DrillDownOutcome(FigureDrillDown? DrillDown, int Status, string? Field, string? Message)
{
    public static DrillDownOutcome Refused(int status, string field, string message) => new(null, status, field, message);
}

/// <summary>
/// What one figure counts, for the city or one county, a page at a time: the access rule, the checks and the reading
/// that both the API (GET /api/v1/reports/{year}/records) and the 年度统计 pages use.
/// </summary>
public sealed class FigureDrillDowns(ReportService reports, FigureItemPages pages, AccessPolicy access)
{
    /// <summary>Items per page of a drill-down, as for the record lists.</summary>
    public const int MaxPageSize = 1000;

    public async Task<DrillDownOutcome> ReadAsync(
        Caller caller, int year, string? perspective, string? figure, string? countyId, int? pageSize, string? continuationToken)
    {
        // A name no report has is refused before anything is read.
        if (!ReportFigureNames.IsWellFormed(figure))
        {
            return Invalid("figure", $"figure is a field of the report, e.g. {string.Join(", ", ReportFigureNames.Counted)}.");
        }

        var refused = countyId is null
            ? await RefuseAsync(caller, AccessMatrix.CityDrillDown, perspective, "perspective")
            : await RefuseAsync(caller, AccessMatrix.CountyDrillDown, countyId, "countyId");
        if (refused is not null)
        {
            return refused;
        }

        var (context, field, error) = await reports.ContextAsync(year, perspective);
        if (context is null)
        {
            return Invalid(field!, error!);
        }

        if (countyId is not null && context.Counties.All(c => c.Id != countyId))
        {
            return Invalid("countyId", $"countyId is a county of {context.Perspective.Id}.");
        }

        var sources = ReportService.SourcesOf(context, figure!, countyId);
        if (sources is null)
        {
            return Invalid("figure", $"figure is a field of the report, e.g. {string.Join(", ", ReportFigureNames.Counted)}.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return Invalid("pageSize", $"pageSize lies between 1 and {MaxPageSize}.");
        }

        var position = continuationToken is null ? FigureItemsPosition.Start : FigureItemsPosition.FromToken(continuationToken);
        if (position is null || position.Source >= sources.Count)
        {
            return Invalid("continuationToken", "continuationToken is the continuationToken of the previous page of this figure.");
        }

        var (items, next) = await pages.ReadAsync(context, countyId ?? FigureNames.AllScope, sources, position, pageSize ?? MaxPageSize);
        if (!AccessPolicy.MaySeePersons(caller, context.Perspective.Id, countyId))
        {
            items = PersonMask.Apply(figure!, items);
        }

        return new DrillDownOutcome(new FigureDrillDown(year, context.Perspective.Id, countyId, figure!,
            ReportService.ValueOf(context, sources, countyId), items, next?.ToToken()), AccessMatrix.Allowed, null, null);
    }

    /// <summary>The matrix's refusal of a report of <paramref name="organizationId"/> (a perspective city or a county), or null.</summary>
    public async Task<DrillDownOutcome?> RefuseAsync(Caller caller, AccessEndpoint endpoint, string? organizationId, string field)
    {
        if (organizationId is null)
        {
            // Missing: the validation that follows names the field.
            return null;
        }

        var status = await access.DecideAsync(caller, endpoint, organizationId);
        return status == AccessMatrix.Allowed
            ? null
            : DrillDownOutcome.Refused(status, field,
                $"This token may not read {endpoint} of {organizationId}: a city reads its own side of its partnership, a county bureau its own county's figures.");
    }

    private static DrillDownOutcome Invalid(string field, string message) => DrillDownOutcome.Refused(StatusCodes.Status400BadRequest, field, message);
}
