using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Grains.Storage;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// The ledger's application layer: checks a request against the field rules, the registry and the caller's
/// rights, then sends one idempotent command to the record's grain through <see cref="CommandResilience"/>.
/// Nothing is written unless every check passed.
/// </summary>
public sealed class LedgerService(
    IGrainFactory grains, PartyResolver parties, AccessPolicy access, CommandResilience resilience,
    LegacyStateBlobs earlierRelease, IOptions<JsonOptions> json, TimeProvider time)
{
    private JsonSerializerOptions JsonOptions => json.Value.SerializerOptions;

    public Task<LedgerOutcome> CreateAsync(RecordKind kind, IRecordRequest request, Caller caller, string? idempotencyKey, CancellationToken cancellationToken) =>
        LedgerCommandTelemetry.TraceAsync("create", kind, null, () => CreateCoreAsync(kind, request, caller, idempotencyKey, cancellationToken));

    private async Task<LedgerOutcome> CreateCoreAsync(RecordKind kind, IRecordRequest request, Caller caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var (command, problem) = await CheckCreateAsync(request, caller);
        if (command is null)
        {
            return problem!;
        }

        if (idempotencyKey is null)
        {
            var newId = RecordCollections.NewId(kind, time.GetUtcNow());
            return LedgerOutcome.From(await RunAsync(newId, g => g.Create($"create:{newId}", command), cancellationToken), created: true);
        }

        // A key claimed by an earlier release keeps naming the record it created; otherwise the key names the record.
        var scope = IdempotencyScope(caller, kind, idempotencyKey);
        var hash = RequestHash(request);
        var legacy = await resilience.RunAsync(t => FindLegacyClaimAsync(kind, scope, hash).WaitAsync(t), cancellationToken);
        if (legacy is { BodyDiffers: true })
        {
            return KeyUsedWithAnotherBody;
        }

        var (id, operationId) = legacy is null ? (RecordCollections.KeyedId(kind, scope), $"create:{hash}") : (legacy.ResourceId, $"create:{legacy.ResourceId}");
        var result = await RunAsync(id, g => g.Create(operationId, command), cancellationToken);
        // The keyed record exists, created by another operation: the same key with another body.
        return legacy is null && result.Error?.Kind == RecordErrorKind.Conflict ? KeyUsedWithAnotherBody : LedgerOutcome.From(result, created: true);
    }

    /// <summary>
    /// The claim an earlier release made of the key: it claimed each key in an idempotency grain ("caller|collection|key")
    /// before creating the record. Where it never claimed one of this collection (every deployment since), nothing is read.
    /// </summary>
    private async Task<IdempotencyClaim?> FindLegacyClaimAsync(RecordKind kind, string scope, string hash) =>
        await earlierRelease.AnyAsync(LegacyClaimState, $"|{RecordCollections.NameOf(kind)}|")
            ? await grains.GetGrain<IIdempotencyGrain>(scope).Find(hash)
            : null;

    /// <summary>The state name of the idempotency grains, under which the earlier release stored its claims.</summary>
    private const string LegacyClaimState = "idempotency";

    private static LedgerOutcome KeyUsedWithAnotherBody => LedgerOutcome.Problem(422, "Idempotency-Key", "This Idempotency-Key was used with a different body.");

    /// <summary>
    /// Every check a creating request passes before anything is written (field rules, registry rules, who logs it and
    /// may): the command it would send, or the problem. Imports preview rows with it, so a row is judged as the API would.
    /// </summary>
    public async Task<(CreateRecord? Command, LedgerOutcome? Problem)> CheckCreateAsync(IRecordRequest request, Caller caller)
    {
        var errors = new FieldErrors();
        var body = request.ToBody(errors);
        if (body is null)
        {
            return (null, LedgerOutcome.Invalid(errors));
        }

        var (resolved, problem) = await CheckBodyAsync(body, errors);
        if (problem is not null)
        {
            return (null, problem);
        }

        var loggedBy = request.LoggedBy ?? caller.OrganizationId;
        if (loggedBy is null)
        {
            return (null, LedgerOutcome.Invalid(FieldErrors.Of("loggedBy", "The administrator names the organisation it logs for in loggedBy.")));
        }

        if (!resolved.Any(p => p.Lineage().Contains(loggedBy)))
        {
            // Without loggedBy the token logs for its own organisation: if that is no party, the token may not write the record.
            return (null, request.LoggedBy is null
                ? LedgerOutcome.Problem(403, "loggedBy", $"This token acts for {loggedBy}, which is neither a party of the record nor a bureau above one.")
                : LedgerOutcome.Problem(422, "loggedBy", "loggedBy must be a party of the record or a bureau above one."));
        }

        if (await access.DecideAsync(caller, AccessMatrix.RecordCreate, loggedBy) is var refused and not AccessMatrix.Allowed)
        {
            return (null, LedgerOutcome.Problem(refused, "loggedBy", $"This token may not log records for {loggedBy}."));
        }

        return (new CreateRecord(body, resolved, loggedBy, caller.ToActor()), null);
    }

    /// <summary>
    /// What a creating request under this Idempotency-Key would meet, without claiming it: null when the key is unused,
    /// else the record it created and whether this request's body differs from the one that did.
    /// </summary>
    public async Task<IdempotencyClaim?> FindIdempotentAsync(RecordKind kind, IRecordRequest request, Caller caller, string idempotencyKey)
    {
        var scope = IdempotencyScope(caller, kind, idempotencyKey);
        var hash = RequestHash(request);
        return await FindLegacyClaimAsync(kind, scope, hash)
            ?? await grains.GetGrain<IRecordGrain>(RecordCollections.KeyedId(kind, scope)).FindCreation($"create:{hash}");
    }

    /// <summary>The record, when the caller may call <paramref name="endpoint"/> (by default: read it) on it.</summary>
    public async Task<(LedgerRecord? Record, LedgerOutcome? Problem)> ReadAsync(RecordKind kind, string id, Caller caller, AccessEndpoint? endpoint = null)
    {
        var record = RecordCollections.IsId(id) ? await grains.GetGrain<IRecordGrain>(id).Get() : null;
        if (record is null || record.Kind != kind)
        {
            return (null, LedgerOutcome.Problem(404, "id", $"No {RecordCollections.NameOf(kind)} record {id}."));
        }

        return await access.DecideAsync(caller, endpoint ?? AccessMatrix.RecordGet, record.Parties) is var status and not AccessMatrix.Allowed
            ? (null, LedgerOutcome.Problem(status, "id", endpoint is null ? "This token may not read this record." : $"This token may not call {endpoint} on this record."))
            : (record, null);
    }

    public Task<LedgerOutcome> ConfirmAsync(RecordKind kind, string id, ConfirmationRequest request, Caller caller, string? key, CancellationToken ct) =>
        LedgerCommandTelemetry.TraceAsync("confirm", kind, id, () => CounterpartActionAsync(
            kind, id, AccessMatrix.RecordConfirm, request.OrgId, caller, ct, op => g => g.Confirm(op, request.OrgId!, caller.ToActor()), key, null));

    public Task<LedgerOutcome> DisputeAsync(RecordKind kind, string id, DisputeRequest request, Caller caller, string? key, CancellationToken ct) =>
        LedgerCommandTelemetry.TraceAsync("dispute", kind, id, () => CounterpartActionAsync(
            kind, id, AccessMatrix.RecordDispute, request.OrgId, caller, ct, op => g => g.Dispute(op, request.OrgId!, request.Reason!.Trim(), caller.ToActor()), key,
            Reason(request.Reason, "reason")));

    public Task<LedgerOutcome> WithdrawAsync(RecordKind kind, string id, WithdrawalRequest request, Caller caller, string? key, CancellationToken ct) =>
        LedgerCommandTelemetry.TraceAsync("withdraw", kind, id, () => WithdrawCoreAsync(kind, id, request, caller, key, ct));

    private async Task<LedgerOutcome> WithdrawCoreAsync(RecordKind kind, string id, WithdrawalRequest request, Caller caller, string? key, CancellationToken ct)
    {
        if (Reason(request.Reason, "reason") is { } invalid)
        {
            return LedgerOutcome.Invalid(invalid);
        }

        var (record, problem) = await ReadAsync(kind, id, caller, AccessMatrix.RecordWithdraw);
        if (record is null)
        {
            return problem!;
        }

        // The side the withdrawal comes from; only the logging side's is accepted (RecordDecisions.Withdraw).
        var side = await SideOfCallerAsync(record, caller);
        // One operation id for every attempt, so a retry after a write that did succeed is recognised, not refused.
        var operationId = OperationId(caller, key);
        return LedgerOutcome.From(await RunAsync(id, g => g.Withdraw(operationId, side, request.Reason!.Trim(), caller.ToActor()), ct));
    }

    public Task<LedgerOutcome> CorrectAsync(RecordKind kind, string id, CorrectionRequest request, string? ifMatch, Caller caller, string? key, CancellationToken ct) =>
        LedgerCommandTelemetry.TraceAsync("correct", kind, id, () => CorrectCoreAsync(kind, id, request, ifMatch, caller, key, ct));

    private async Task<LedgerOutcome> CorrectCoreAsync(RecordKind kind, string id, CorrectionRequest request, string? ifMatch, Caller caller, string? key, CancellationToken ct)
    {
        if (ifMatch is null)
        {
            return LedgerOutcome.Problem(428, "If-Match", "A correction names the version it corrects in If-Match.");
        }

        if (!int.TryParse(ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"', ' '), out var expectedVersion))
        {
            return LedgerOutcome.Invalid(FieldErrors.Of("If-Match", "If-Match is the record's version, e.g. \"3\"."));
        }

        var errors = Reason(request.Reason, "reason") ?? new FieldErrors();
        if (request.Changes is not { Count: > 0 })
        {
            errors.Add("changes", "changes names at least one field and its new value.");
        }

        if (errors.Any)
        {
            return LedgerOutcome.Invalid(errors);
        }

        var (record, problem) = await ReadAsync(kind, id, caller, AccessMatrix.RecordCorrect);
        if (record is null)
        {
            return problem!;
        }

        var (body, changes, changeErrors) = ApplyChanges(kind, record.Body, request.Changes!);
        if (body is null)
        {
            return LedgerOutcome.Invalid(changeErrors!);
        }

        var (resolved, bodyProblem) = await CheckBodyAsync(body, new FieldErrors());
        if (bodyProblem is not null)
        {
            // Name the field as the client sent it: inside changes.
            return bodyProblem with { Errors = bodyProblem.Errors is null ? null : Prefix(bodyProblem.Errors) };
        }

        if (!await AnyAsync(resolved.Select(p => p.OrgId), o => access.CanActForAsync(caller, o)))
        {
            return LedgerOutcome.Problem(403, "changes", "After the correction the caller would no longer act for a party.");
        }

        // As when it was created: the side that logged the record (who withdraws it, whose counterpart confirms it)
        // is the side of the party that loggedBy is or stands above.
        if (!resolved.Any(p => p.Lineage().Contains(record.LoggedBy)))
        {
            return LedgerOutcome.Problem(422, "changes",
                $"After the correction {record.LoggedBy}, which logged the record, would no longer be a party of it or a bureau above one; withdraw it and log it anew.");
        }

        // The side the correction comes from: the other side answers it (RecordDecisions.Correct).
        var side = await SideOfCallerAsync(record, caller);
        var command = new CorrectRecord(expectedVersion, body, resolved, changes, request.Reason!.Trim(), caller.ToActor(), side);
        var operationId = OperationId(caller, key);
        return LedgerOutcome.From(await RunAsync(id, g => g.Correct(operationId, command), ct));
    }

    public Task<LedgerOutcome> SignAsync(string id, SignatureRequest request, Caller caller, string? key, CancellationToken ct) =>
        LedgerCommandTelemetry.TraceAsync("sign", RecordKind.Agreement, id, () => SignCoreAsync(id, request, caller, key, ct));

    private async Task<LedgerOutcome> SignCoreAsync(string id, SignatureRequest request, Caller caller, string? key, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!OrganizationIds.IsWellFormed(request.OrgId))
        {
            errors.Add("orgId", "orgId is the signing party.");
        }

        if (request.SignedOn is null)
        {
            errors.Add("signedOn", "signedOn is required (yyyy-MM-dd).");
        }
        else if (request.SignedOn > Today.AddDays(1) || request.SignedOn < RecordRules.EarliestDate)
        {
            errors.Add("signedOn", "signedOn is a real day, not in the future.");
        }

        return errors.Any
            ? LedgerOutcome.Invalid(errors)
            : await PartyActionAsync(id, AccessMatrix.AgreementSign, request.OrgId!, caller, ct, op => g => g.Sign(op, request.OrgId!, request.SignedOn!.Value, caller.ToActor()), key);
    }

    public Task<LedgerOutcome> TerminateAsync(string id, TerminationRequest request, Caller caller, string? key, CancellationToken ct) =>
        LedgerCommandTelemetry.TraceAsync("terminate", RecordKind.Agreement, id, () => TerminateCoreAsync(id, request, caller, key, ct));

    private async Task<LedgerOutcome> TerminateCoreAsync(string id, TerminationRequest request, Caller caller, string? key, CancellationToken ct)
    {
        var errors = Reason(request.Reason, "reason") ?? new FieldErrors();
        if (!OrganizationIds.IsWellFormed(request.OrgId))
        {
            errors.Add("orgId", "orgId is the terminating party.");
        }

        if (request.TerminatedOn is null || request.TerminatedOn < RecordRules.EarliestDate || request.TerminatedOn > RecordRules.LatestDate)
        {
            errors.Add("terminatedOn", "terminatedOn is required (yyyy-MM-dd).");
        }

        return errors.Any
            ? LedgerOutcome.Invalid(errors)
            : await PartyActionAsync(id, AccessMatrix.AgreementTerminate, request.OrgId!, caller, ct,
                op => g => g.Terminate(op, request.OrgId!, request.TerminatedOn!.Value, request.Reason!.Trim(), caller.ToActor()), key);
    }

    /// <summary>Agreement scans are the only documents records carry.</summary>
    public Task<LedgerOutcome> AttachDocumentAsync(string id, DocumentInfo document, Caller caller, CancellationToken ct) =>
        LedgerCommandTelemetry.TraceAsync("attach-document", RecordKind.Agreement, id, async () =>
            LedgerOutcome.From(await RunAsync(id, g => g.AttachDocument($"document:{document.Sha256}:{document.UploadedAt.UtcTicks}", document, caller.ToActor()), ct)));

    /// <summary>The party of the record the caller writes for, or null when it writes for none.</summary>
    /// <summary>The side a command of the caller comes from: that of the first party it acts for; null for the administrator.</summary>
    private async Task<Province?> SideOfCallerAsync(LedgerRecord record, Caller caller) =>
        caller.IsAdmin ? null : (await FirstAsync(record.Parties, p => access.CanActForAsync(caller, p.OrgId)))?.Province;

    public async Task<string?> PartyOfCallerAsync(LedgerRecord record, Caller caller) =>
        (await FirstAsync(record.Parties, p => access.CanActForAsync(caller, p.OrgId)))?.OrgId;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private async Task<LedgerOutcome> CounterpartActionAsync(
        RecordKind kind, string id, AccessEndpoint endpoint, string? orgId, Caller caller, CancellationToken ct,
        Func<string, Func<IRecordGrain, Task<RecordResult>>> command, string? key, FieldErrors? errors)
    {
        errors ??= new FieldErrors();
        if (!OrganizationIds.IsWellFormed(orgId))
        {
            errors.Add("orgId", "orgId is the counterpart organisation that answers.");
        }

        if (errors.Any)
        {
            return LedgerOutcome.Invalid(errors);
        }

        var (record, problem) = await ReadAsync(kind, id, caller, endpoint);
        if (record is null)
        {
            return problem!;
        }

        if (!await access.CanActForAsync(caller, orgId!))
        {
            return LedgerOutcome.Problem(403, "orgId", $"This token may not act for {orgId}.");
        }

        return LedgerOutcome.From(await RunAsync(id, command(OperationId(caller, key)), ct));
    }

    private async Task<LedgerOutcome> PartyActionAsync(
        string id, AccessEndpoint endpoint, string orgId, Caller caller, CancellationToken ct, Func<string, Func<IRecordGrain, Task<RecordResult>>> command, string? key)
    {
        var (record, problem) = await ReadAsync(RecordKind.Agreement, id, caller, endpoint);
        if (record is null)
        {
            return problem!;
        }

        if (!await access.CanActForAsync(caller, orgId))
        {
            return LedgerOutcome.Problem(403, "orgId", $"This token may not act for {orgId}.");
        }

        return LedgerOutcome.From(await RunAsync(id, command(OperationId(caller, key)), ct));
    }

    /// <summary>Field rules, then registry rules: both parties exist, one on each side, and the level fits them.</summary>
    private async Task<(IReadOnlyList<PartyRef> Parties, LedgerOutcome? Problem)> CheckBodyAsync(RecordBody body, FieldErrors errors)
    {
        foreach (var (field, message) in RecordRules.Validate(body))
        {
            errors.Add(field, message);
        }

        if (errors.Any)
        {
            return ([], LedgerOutcome.Invalid(errors));
        }

        var resolved = await Task.WhenAll(body.Parties.Select(parties.ResolveAsync));
        for (var i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] is null)
            {
                return ([], LedgerOutcome.Problem(422, RecordFieldNames.PartyField(body.RecordKind, i), $"No organisation {body.Parties[i]} is registered."));
            }
        }

        if (resolved[0]!.Province == resolved[1]!.Province)
        {
            return ([], LedgerOutcome.Problem(422, RecordFieldNames.PartyField(body.RecordKind, 1),
                "A record has one party in Shaanxi and one in Jiangsu; both named parties are on the same side."));
        }

        if (body is VisitBody visit)
        {
            var schools = resolved.Count(p => p!.Kind == OrganizationKind.School);
            if (visit.Level == VisitLevel.School && schools != 2)
            {
                return ([], LedgerOutcome.Problem(422, "level", "A school-level visit is between two schools."));
            }

            if (visit.Level == VisitLevel.Bureau && schools != 0)
            {
                return ([], LedgerOutcome.Problem(422, "level", "A bureau-level visit is between two education bureaus (city or county)."));
            }
        }

        return ([.. resolved.Select(p => p!)], null);
    }

    /// <summary>Overlays the changes on the body as the client sees it and reads the result back as a request.</summary>
    private (RecordBody? Body, IReadOnlyList<FieldChange> Changes, FieldErrors? Errors) ApplyChanges(RecordKind kind, RecordBody current, JsonObject changes)
    {
        var node = JsonSerializer.SerializeToNode(current, current.GetType(), JsonOptions)!.AsObject();
        var errors = new FieldErrors();
        var list = new List<FieldChange>();
        foreach (var (field, value) in changes)
        {
            if (!node.ContainsKey(field))
            {
                errors.Add($"changes.{field}", $"{field} is not a field of a {RecordCollections.NameOf(kind)} record that can be corrected.");
                continue;
            }

            var before = node[field]?.ToJsonString();
            var after = value?.ToJsonString();
            if (before != after)
            {
                list.Add(new FieldChange(field, before, after));
                node[field] = value?.DeepClone();
            }
        }

        if (errors.Any)
        {
            return (null, [], errors);
        }

        try
        {
            var request = (IRecordRequest)node.Deserialize(RequestType(kind), JsonOptions)!;
            var body = request.ToBody(errors);
            return body is null ? (null, [], Prefix(errors)) : (body, list, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "changes" : "changes." + e.Path.TrimStart('$', '.');
            return (null, [], FieldErrors.Of(field, "The new value is malformed or of the wrong type."));
        }
    }

    private static FieldErrors Prefix(FieldErrors errors)
    {
        var prefixed = new FieldErrors();
        foreach (var (field, messages) in errors.ToDictionary())
        {
            foreach (var message in messages)
            {
                prefixed.Add($"changes.{field}", message);
            }
        }

        return prefixed;
    }

    public static Type RequestType(RecordKind kind) => kind switch
    {
        RecordKind.Visit => typeof(VisitRequest),
        RecordKind.StaffExchange => typeof(StaffExchangeRequest),
        RecordKind.Training => typeof(TrainingRequest),
        _ => typeof(AgreementRequest),
    };

    private Task<RecordResult> RunAsync(string id, Func<IRecordGrain, Task<RecordResult>> command, CancellationToken cancellationToken) =>
        resilience.RunAsync(t => command(grains.GetGrain<IRecordGrain>(id)).WaitAsync(t), cancellationToken);

    private static FieldErrors? Reason(string? reason, string field) =>
        RecordRules.TextProblem(field, reason, 500, required: true, multiLine: true) is { } problem ? FieldErrors.Of(field, problem) : null;

    /// <summary>The client's Idempotency-Key makes its retries recognisable; without one, retries inside this request still are.</summary>
    private static string OperationId(Caller caller, string? key) => key is null ? $"op:{Guid.NewGuid():N}" : $"key:{caller.Actor}:{key}";

    private static string IdempotencyScope(Caller caller, RecordKind kind, string key) => $"{caller.Actor}|{RecordCollections.NameOf(kind)}|{key}";

    private string RequestHash(IRecordRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, request.GetType(), JsonOptions))));

    private static async Task<T?> FirstAsync<T>(IEnumerable<T> items, Func<T, Task<bool>> predicate) where T : class
    {
        foreach (var item in items)
        {
            if (await predicate(item))
            {
                return item;
            }
        }

        return null;
    }

    private static async Task<bool> AnyAsync(IEnumerable<string> items, Func<string, Task<bool>> predicate)
    {
        foreach (var item in items)
        {
            if (await predicate(item))
            {
                return true;
            }
        }

        return false;
    }
}
