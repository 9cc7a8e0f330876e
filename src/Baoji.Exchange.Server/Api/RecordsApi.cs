using System.Text;
using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;
using Microsoft.AspNetCore.Http.Json;
using FromHeaderAttribute = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Api;

/// <summary>The four record collections: visits, staff-exchanges, trainings, agreements.</summary>
public static class RecordsApi
{
    public static void MapRecordsApiV1(this IEndpointRouteBuilder app)
    {
        // One POST per collection: each binds its own request type (and documents it in OpenAPI).
        MapCollection(app, RecordKind.Visit).MapPost("", (VisitRequest request, HttpContext http, LedgerService ledger,
            [FromHeader(Name = "Idempotency-Key")] string? key) => CreateAsync(RecordKind.Visit, request, http, ledger, key)).WithSummary("Log a visit");
        MapCollection(app, RecordKind.StaffExchange).MapPost("", (StaffExchangeRequest request, HttpContext http, LedgerService ledger,
            [FromHeader(Name = "Idempotency-Key")] string? key) => CreateAsync(RecordKind.StaffExchange, request, http, ledger, key)).WithSummary("Log a staff exchange");
        MapCollection(app, RecordKind.Training).MapPost("", (TrainingRequest request, HttpContext http, LedgerService ledger,
            [FromHeader(Name = "Idempotency-Key")] string? key) => CreateAsync(RecordKind.Training, request, http, ledger, key)).WithSummary("Log training support");
        var agreements = MapCollection(app, RecordKind.Agreement);
        agreements.MapPost("", (AgreementRequest request, HttpContext http, LedgerService ledger,
            [FromHeader(Name = "Idempotency-Key")] string? key) => CreateAsync(RecordKind.Agreement, request, http, ledger, key)).WithSummary("Log an agreement");
        agreements.MapAgreementActions();
    }

    private static async Task<IResult> CreateAsync(RecordKind kind, IRecordRequest request, HttpContext http, LedgerService ledger, string? idempotencyKey) =>
        Respond(http, await ledger.CreateAsync(kind, request, http.Caller(), idempotencyKey, http.RequestAborted));

    private static RouteGroupBuilder MapCollection(IEndpointRouteBuilder app, RecordKind kind)
    {
        var collection = RecordCollections.NameOf(kind);
        var api = app.MapGroup($"api/v1/{collection}").WithTags("Records").RequireAuthorization().AddEndpointFilter(IdempotencyKeys.Filter);

        api.MapGet("{id}", async (string id, HttpContext http, LedgerService ledger) =>
        {
            var (record, problem) = await ledger.ReadAsync(kind, id, http.Caller());
            return Respond(http, record is null ? problem! : LedgerOutcome.Ok(record));
        }).WithSummary("One record with its history");

        api.MapGet("", (HttpContext http, LedgerIndex index, AccessPolicy access, TimeProvider time, IOptions<JsonOptions> json,
            string? organizationId, int? year, string? status, int? pageSize, string? continuationToken) =>
            ListAsync(kind, http, index, access, time, json, organizationId, year, status, pageSize, continuationToken)).WithSummary($"List {collection} records of an organisation and year");

        api.MapPost("{id}/confirmation", async (string id, ConfirmationRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Respond(http, await ledger.ConfirmAsync(kind, id, request, http.Caller(), key, http.RequestAborted))).WithSummary("The counterpart confirms");

        api.MapPost("{id}/dispute", async (string id, DisputeRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Respond(http, await ledger.DisputeAsync(kind, id, request, http.Caller(), key, http.RequestAborted))).WithSummary("The counterpart disputes, with a reason");

        api.MapPost("{id}/withdrawal", async (string id, WithdrawalRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Respond(http, await ledger.WithdrawAsync(kind, id, request, http.Caller(), key, http.RequestAborted))).WithSummary("Withdraw: stays readable, counts nowhere");

        api.MapPatch("{id}", async (string id, CorrectionRequest request, HttpContext http, LedgerService ledger,
            [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Respond(http, await ledger.CorrectAsync(kind, id, request, ifMatch, http.Caller(), key, http.RequestAborted)))
            .WithSummary("Correct fields, with a reason and If-Match: <version>");
        return api;
    }

    private static async Task<IResult> ListAsync(RecordKind kind, HttpContext http, LedgerIndex index, AccessPolicy access, TimeProvider time,
        IOptions<JsonOptions> json, string? organizationId, int? year, string? status, int? pageSize, string? continuationToken)
    {
        var caller = http.Caller();
        var errors = new FieldErrors();
        organizationId ??= caller.OrganizationId;
        if (!OrganizationIds.IsWellFormed(organizationId))
        {
            errors.Add("organizationId", "organizationId names the organisation whose records to list.");
        }

        year ??= time.GetUtcNow().Year;
        if (year is < 2000 or > 2100)
        {
            errors.Add("year", "year lies between 2000 and 2100.");
        }

        RecordStatus? wanted = null;
        if (status is not null)
        {
            wanted = ApiJson.RequireEnum<RecordStatus>(status, "status", errors);
        }

        if (pageSize is < 1 or > 1000)
        {
            errors.Add("pageSize", "pageSize lies between 1 and 1000.");
        }

        var token = DecodeToken(continuationToken, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        if (await access.DecideAsync(caller, AccessMatrix.RecordList, organizationId!) is var decision and not AccessMatrix.Allowed)
        {
            return Problems.Refused(decision, "organizationId", $"This token may not list the records of {organizationId}.");
        }

        var partition = LedgerIndex.PartitionKey(RecordCollections.NameOf(kind), organizationId!, year!.Value);
        var page = await index.ListAsync(partition, wanted?.ToString(), pageSize ?? 100, token, http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. page.Records.Select(r => (JsonNode)RecordJson.ToJson(r, json.Value.SerializerOptions, withHistory: false))]),
            ["continuationToken"] = page.ContinuationToken is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(page.ContinuationToken)),
        }, json.Value.SerializerOptions);
    }

    private static void MapAgreementActions(this RouteGroupBuilder api)
    {
        api.MapPost("{id}/signatures", async (string id, SignatureRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Respond(http, await ledger.SignAsync(id, request, http.Caller(), key, http.RequestAborted))).WithSummary("A party signs; in force once both have");

        api.MapPost("{id}/termination", async (string id, TerminationRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Respond(http, await ledger.TerminateAsync(id, request, http.Caller(), key, http.RequestAborted))).WithSummary("A party terminates the agreement");

        api.MapPut("{id}/document", (string id, HttpContext http, AgreementScans scans) => AgreementDocumentEndpoints.PutAsync(id, http, scans))
            .WithBodyLimit(AgreementDocuments.MaxBytes, streamed: true).WithSummary("Upload the signed scan (body: application/pdf)");
        api.MapGet("{id}/document", (string id, HttpContext http, LedgerService ledger, AgreementDocuments documents) => AgreementDocumentEndpoints.GetAsync(id, http, ledger, documents)).WithSummary("Download the signed scan");
    }

    internal static IResult Respond(HttpContext http, LedgerOutcome outcome)
    {
        if (outcome.Record is not { } record)
        {
            return outcome.Status == 400
                ? Problems.Invalid(outcome.Errors!)
                : FirstProblem(outcome);
        }

        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        http.Response.Headers.ETag = $"\"{record.Version}\"";
        var body = RecordJson.ToJson(record, options);
        return outcome.Created
            ? Results.Json(body, options, statusCode: StatusCodes.Status201Created)
            : Results.Json(body, options);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult FirstProblem(LedgerOutcome outcome)
    {
        var (field, messages) = outcome.Errors!.ToDictionary().First();
        return Problems.Status(outcome.Status, Title(outcome.Status), field, messages[0]);
    }

    private static string Title(int status) => status switch
    {
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Payload too large",
        415 => "Unsupported media type",
        428 => "Precondition required",
        _ => "Unprocessable request",
    };

    private static string? DecodeToken(string? token, FieldErrors errors)
    {
        if (token is null)
        {
            return null;
        }

        // The token stands for the last record id of the previous page (LedgerIndex.ListAsync): anything else is refused here.
        string? afterId = null;
        try
        {
            afterId = token.Length <= 200 ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : null;
        }
        catch (FormatException)
        {
        }

        if (!RecordCollections.IsId(afterId))
        {
            errors.Add("continuationToken", "continuationToken is not one this server handed out: pass the continuationToken of the previous page.");
            return null;
        }

        return afterId;
    }
}
