using System.Text;
using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Api.OpenApi;
using Baoji.Exchange.Server.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;
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
            [FromHeader(Name = "Idempotency-Key")] string? key) => CreateAsync(RecordKind.Visit, request, http, ledger, key)).WithSummary("Log a visit").ProducesCreateProblems();
        MapCollection(app, RecordKind.StaffExchange).MapPost("", (StaffExchangeRequest request, HttpContext http, LedgerService ledger,
            [FromHeader(Name = "Idempotency-Key")] string? key) => CreateAsync(RecordKind.StaffExchange, request, http, ledger, key)).WithSummary("Log a staff exchange").ProducesCreateProblems();
        MapCollection(app, RecordKind.Training).MapPost("", (TrainingRequest request, HttpContext http, LedgerService ledger,
            [FromHeader(Name = "Idempotency-Key")] string? key) => CreateAsync(RecordKind.Training, request, http, ledger, key)).WithSummary("Log training support").ProducesCreateProblems();
        var agreements = MapCollection(app, RecordKind.Agreement);
        agreements.MapPost("", (AgreementRequest request, HttpContext http, LedgerService ledger,
            [FromHeader(Name = "Idempotency-Key")] string? key) => CreateAsync(RecordKind.Agreement, request, http, ledger, key)).WithSummary("Log an agreement").ProducesCreateProblems();
        agreements.MapAgreementActions();
    }

    private static async Task<Results<CreatedRecordHttpResult, RecordHttpResult, ProblemHttpResult>> CreateAsync(
        RecordKind kind, IRecordRequest request, HttpContext http, LedgerService ledger, string? idempotencyKey) =>
        Respond(await ledger.CreateAsync(kind, request, http.Caller(), idempotencyKey, http.RequestAborted));

    private static RouteGroupBuilder MapCollection(IEndpointRouteBuilder app, RecordKind kind)
    {
        var collection = RecordCollections.NameOf(kind);
        var api = app.MapGroup($"api/v1/{collection}").WithTags("Records").RequireAuthorization().AddEndpointFilter(IdempotencyKeys.Filter)
            .ProducesCommonProblems();

        api.MapGet("{id}", async Task<Results<RecordHttpResult, ProblemHttpResult>> (string id, HttpContext http, LedgerService ledger) =>
        {
            var (record, problem) = await ledger.ReadAsync(kind, id, http.Caller());
            return record is null ? Problem(problem!) : new RecordHttpResult(record);
        }).WithSummary("One record with its history")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        api.MapGet("", (HttpContext http, LedgerIndex index, AccessPolicy access, TimeProvider time, IOptions<JsonOptions> json,
            string? organizationId, int? year, string? status, int? pageSize, string? continuationToken) =>
            ListAsync(kind, http, index, access, time, json, organizationId, year, status, pageSize, continuationToken)).WithSummary($"List {collection} records of an organisation and year")
            .Produces<RecordPageView>(StatusCodes.Status200OK)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        api.MapPost("{id}/confirmation", async (string id, ConfirmationRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Command(await ledger.ConfirmAsync(kind, id, request, http.Caller(), key, http.RequestAborted))).WithSummary("The counterpart confirms").ProducesCommandProblems();

        api.MapPost("{id}/dispute", async (string id, DisputeRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Command(await ledger.DisputeAsync(kind, id, request, http.Caller(), key, http.RequestAborted))).WithSummary("The counterpart disputes, with a reason").ProducesCommandProblems();

        api.MapPost("{id}/withdrawal", async (string id, WithdrawalRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Command(await ledger.WithdrawAsync(kind, id, request, http.Caller(), key, http.RequestAborted))).WithSummary("Withdraw: stays readable, counts nowhere").ProducesCommandProblems();

        api.MapPatch("{id}", async (string id, CorrectionRequest request, HttpContext http, LedgerService ledger,
            [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Command(await ledger.CorrectAsync(kind, id, request, ifMatch, http.Caller(), key, http.RequestAborted)))
            .WithSummary("Correct fields, with a reason and If-Match: <version>")
            .ProducesCommandProblems().ProducesProblems(StatusCodes.Status412PreconditionFailed, StatusCodes.Status428PreconditionRequired);
        return api;
    }

    private static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> ListAsync(RecordKind kind, HttpContext http, LedgerIndex index, AccessPolicy access, TimeProvider time,
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
        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. page.Records.Select(r => (JsonNode)RecordJson.ToJson(r, json.Value.SerializerOptions, withHistory: false))]),
            ["continuationToken"] = page.ContinuationToken is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(page.ContinuationToken)),
        }, json.Value.SerializerOptions);
    }

    private static void MapAgreementActions(this RouteGroupBuilder api)
    {
        api.MapPost("{id}/signatures", async (string id, SignatureRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Command(await ledger.SignAsync(id, request, http.Caller(), key, http.RequestAborted))).WithSummary("A party signs; in force once both have").ProducesCommandProblems();

        api.MapPost("{id}/termination", async (string id, TerminationRequest request, HttpContext http, LedgerService ledger, [FromHeader(Name = "Idempotency-Key")] string? key) =>
            Command(await ledger.TerminateAsync(id, request, http.Caller(), key, http.RequestAborted))).WithSummary("A party terminates the agreement").ProducesCommandProblems();

        api.MapPut("{id}/document", (string id, HttpContext http, AgreementScans scans) => AgreementDocumentEndpoints.PutAsync(id, http, scans))
            .WithBodyLimit(AgreementDocuments.MaxBytes, streamed: true).WithSummary("Upload the signed scan (body: application/pdf)")
            .Accepts<Stream>("application/pdf")
            .ProducesCommandProblems().ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("{id}/document", (string id, HttpContext http, LedgerService ledger, AgreementDocuments documents) => AgreementDocumentEndpoints.GetAsync(id, http, ledger, documents))
            .WithSummary("Download the signed scan").Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>A created record (201 with Location), one that was already there (a repeat: 200), or the problem.</summary>
    internal static Results<CreatedRecordHttpResult, RecordHttpResult, ProblemHttpResult> Respond(LedgerOutcome outcome) =>
        outcome.Record is not { } record ? Problem(outcome)
        : outcome.Created ? new CreatedRecordHttpResult(record)
        : new RecordHttpResult(record);

    /// <summary>A command on a record: the record as it now is, or the problem.</summary>
    internal static Results<RecordHttpResult, ProblemHttpResult> Command(LedgerOutcome outcome) =>
        outcome.Record is { } record ? new RecordHttpResult(record) : Problem(outcome);

    /// <summary>The ledger's refusal: 400 lists every field at fault, the others name the first.</summary>
    internal static ProblemHttpResult Problem(LedgerOutcome outcome)
    {
        if (outcome.Status == StatusCodes.Status400BadRequest)
        {
            return Problems.Invalid(outcome.Errors!);
        }

        var (field, messages) = outcome.Errors!.ToDictionary().First();
        return Problems.Status(outcome.Status, Title(outcome.Status), field, messages[0]);
    }

    /// <summary>What a create can refuse: invalid fields, a party the caller may not log for, a key reused for another body.</summary>
    private static RouteHandlerBuilder ProducesCreateProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

    /// <summary>What a command on a record can refuse: invalid fields, not the caller's to do, no such record, not in this state.</summary>
    private static RouteHandlerBuilder ProducesCommandProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
            StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

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
