using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Api.OpenApi;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Reconciliation;
using Baoji.Exchange.Server.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Api;

public static class ReconciliationApi
{
    public static RouteGroupBuilder MapReconciliationApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/reconciliation").WithTags("Reconciliation").RequireAuthorization().ProducesCommonProblems();
        api.MapGet("{year:int}", ListAsync).WithSummary("Unconfirmed and disputed records and probable duplicates of a year")
            .Produces<ReconciliationView>(StatusCodes.Status200OK)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("merges", MergeAsync).WithSummary("Count a duplicate pair once")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        api.MapGet("merges/{id}", async (string id, HttpContext http, ReconciliationService service) => Respond(await service.GetAsync(id, http.Caller())))
            .WithSummary("One merge").ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("merges/{id}/withdrawal", async (string id, HttpContext http, ReconciliationService service) =>
            Respond(await service.WithdrawAsync(id, http.Caller(), http.RequestAborted))).WithSummary("Undo a merge: both records count again")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> ListAsync(int year, string? perspective, int? pageSize, string? continuationToken,
        HttpContext http, ReportService reports, ReconciliationService service, AccessPolicy access, IOptions<JsonOptions> json)
    {
        if (pageSize is < 1 or > ReconciliationPage.MaxPageSize)
        {
            return Problems.Invalid("pageSize", $"pageSize lies between 1 and {ReconciliationPage.MaxPageSize}.");
        }

        var offset = continuationToken is null ? 0 : ReconciliationPage.FromToken(continuationToken);
        if (offset is null)
        {
            return Problems.Invalid("continuationToken", "continuationToken is the continuationToken of the previous page.");
        }

        if (await ReportsApi.RefuseAsync(access, http, AccessMatrix.Reconciliation, perspective, "perspective") is { } refused)
        {
            return refused;
        }

        var (context, field, error) = await reports.ContextAsync(year, perspective);
        if (context is null)
        {
            return Problems.Invalid(field!, error!);
        }

        var (all, disputedAll, duplicatesAll) = await service.ListAsync(context.Perspective.Id, year, http.RequestAborted);
        var (unconfirmed, disputed, duplicates, next) = ReconciliationPage.Slice(all, disputedAll, duplicatesAll, offset.Value, pageSize ?? ReconciliationPage.MaxPageSize);
        var options = json.Value.SerializerOptions;
        return TypedResults.Json(new JsonObject
        {
            ["year"] = year,
            ["perspective"] = context.Perspective.Id,
            ["unconfirmed"] = new JsonArray([.. unconfirmed.Select(r => (JsonNode)RecordJson.ToJson(r, options, withHistory: false))]),
            ["disputed"] = new JsonArray([.. disputed.Select(r => (JsonNode)RecordJson.ToJson(r, options, withHistory: false))]),
            ["probableDuplicates"] = System.Text.Json.JsonSerializer.SerializeToNode(duplicates, options),
            ["continuationToken"] = next,
        }, options);
    }

    private static async Task<Results<Created<MergeView>, ProblemHttpResult>> MergeAsync(MergeRequest request, HttpContext http, ReconciliationService service)
    {
        var (merge, problem) = await service.MergeAsync(request, http.Caller(), http.RequestAborted);
        return merge is null ? RecordsApi.Problem(problem!) : TypedResults.Created($"/api/v1/reconciliation/merges/{merge.Id}", merge);
    }

    private static Results<Ok<MergeView>, ProblemHttpResult> Respond((MergeView? Merge, LedgerOutcome? Problem) result) =>
        result.Merge is not null ? TypedResults.Ok(result.Merge) : RecordsApi.Problem(result.Problem!);
}

/// <summary>The answer of GET /api/v1/reconciliation/{year} (its OpenAPI schema; the endpoint writes the records as <see cref="RecordJson"/> does).</summary>
/// <param name="Perspective">The city from whose side the year is reconciled.</param>
/// <param name="ProbableDuplicates">Pairs of records that probably tell of the same exchange.</param>
/// <param name="ContinuationToken">Pass it back for the next page; null on the last.</param>
public sealed record ReconciliationView(
    int Year, string Perspective, IReadOnlyList<RecordView> Unconfirmed, IReadOnlyList<RecordView> Disputed,
    IReadOnlyList<ProbableDuplicate> ProbableDuplicates, string? ContinuationToken);
