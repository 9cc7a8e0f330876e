using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Reconciliation;
using Baoji.Exchange.Server.Reports;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Api;

public static class ReconciliationApi
{
    public static RouteGroupBuilder MapReconciliationApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/reconciliation").WithTags("Reconciliation").RequireAuthorization();
        api.MapGet("{year:int}", ListAsync).WithSummary("Unconfirmed and disputed records and probable duplicates of a year");
        api.MapPost("merges", MergeAsync).WithSummary("Count a duplicate pair once");
        api.MapGet("merges/{id}", async (string id, HttpContext http, ReconciliationService service) => Respond(http, await service.GetAsync(id, http.Caller())))
            .WithSummary("One merge");
        api.MapPost("merges/{id}/withdrawal", async (string id, HttpContext http, ReconciliationService service) =>
            Respond(http, await service.WithdrawAsync(id, http.Caller(), http.RequestAborted))).WithSummary("Undo a merge: both records count again");
        return api;
    }

    private static async Task<IResult> ListAsync(int year, string? perspective, int? pageSize, string? continuationToken,
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
        return Results.Json(new JsonObject
        {
            ["year"] = year,
            ["perspective"] = context.Perspective.Id,
            ["unconfirmed"] = new JsonArray([.. unconfirmed.Select(r => (JsonNode)RecordJson.ToJson(r, options, withHistory: false))]),
            ["disputed"] = new JsonArray([.. disputed.Select(r => (JsonNode)RecordJson.ToJson(r, options, withHistory: false))]),
            ["probableDuplicates"] = System.Text.Json.JsonSerializer.SerializeToNode(duplicates, options),
            ["continuationToken"] = next,
        }, options);
    }

    private static async Task<IResult> MergeAsync(MergeRequest request, HttpContext http, ReconciliationService service)
    {
        var (merge, problem) = await service.MergeAsync(request, http.Caller(), http.RequestAborted);
        return merge is null ? Respond(http, (null, problem)) : Results.Created($"/api/v1/reconciliation/merges/{merge.Id}", merge);
    }

    private static IResult Respond(HttpContext http, (MergeView? Merge, LedgerOutcome? Problem) result) =>
        result.Merge is not null ? Results.Ok(result.Merge) : RecordsApi.Respond(http, result.Problem!);
}
