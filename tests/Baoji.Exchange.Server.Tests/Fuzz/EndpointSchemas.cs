using System.Text.Json.Nodes;

namespace Baoji.Exchange.Server.Tests.Fuzz;

/// <summary>One field of a request body: its name, its shape, and whether it may be left out.</summary>
public sealed record FieldSpec(string Name, FieldShape Shape, bool Optional = false);

/// <summary>Who sends a request: the caller that may make it, so the fuzz reaches the rules behind access.</summary>
public enum FuzzCaller
{
    Admin,
    Logger,
    Counterpart,
    School,
}

/// <summary>
/// A state-changing endpoint with a body that would be accepted as it is, and the shape of each field. The fuzzer
/// starts from the valid body and breaks it, so each request tests a rule rather than the JSON reader alone.
/// </summary>
public sealed record BodyEndpoint(string Method, string Path, FuzzCaller Caller, Func<JsonObject> ValidBody, IReadOnlyList<FieldSpec> Fields, bool Keyed = true);

/// <summary>An endpoint whose path carries an id; <see cref="Body"/> (or a PDF) would be accepted with a real id.</summary>
public sealed record IdEndpoint(string Method, string Path, FuzzCaller Caller, Func<JsonObject>? Body, bool Pdf = false);

/// <summary>A read endpoint and the query parameters it takes, with a valid value of each.</summary>
public sealed record QueryEndpoint(string Path, FuzzCaller Caller, IReadOnlyDictionary<string, string> Query);

/// <summary>The ids the schemas refer to: records that exist when the fuzz starts.</summary>
public sealed record FuzzTargets(string VisitId, string AgreementId, string TrainingId, string OtherVisitId, string TokenId);

/// <summary>Every endpoint of the API as the fuzzer sees it (see the routes under src/Baoji.Exchange.Server/Api).</summary>
public static class EndpointSchemas
{
    private static readonly FieldSpec[] VisitFields =
    [
        new("fromOrgId", FieldShape.Id), new("toOrgId", FieldShape.Id), new("level", FieldShape.Enum),
        new("startDate", FieldShape.Date), new("endDate", FieldShape.Date), new("delegationSize", FieldShape.Count),
        new("purpose", FieldShape.MultiLine),
    ];

    private static readonly FieldSpec[] StaffFields =
    [
        new("personRef", FieldShape.Line), new("displayName", FieldShape.Line), new("role", FieldShape.Enum),
        new("homeOrgId", FieldShape.Id), new("hostOrgId", FieldShape.Id), new("startDate", FieldShape.Date),
        new("endDate", FieldShape.Date), new("subject", FieldShape.Line, Optional: true),
    ];

    private static readonly FieldSpec[] TrainingFields =
    [
        new("providerOrgId", FieldShape.Id), new("recipientOrgId", FieldShape.Id), new("kind", FieldShape.Enum),
        // A training may name no subject: the API reads a missing or null list as none (found by the 10,000-request run).
        new("subjects", FieldShape.List, Optional: true), new("mode", FieldShape.Enum), new("startDate", FieldShape.Date),
        new("endDate", FieldShape.Date), new("sessions", FieldShape.Count), new("trainees", FieldShape.Count),
        new("equipmentValueYuan", FieldShape.Amount, Optional: true),
    ];

    private static readonly FieldSpec[] AgreementFields =
    [
        new("kind", FieldShape.Enum), new("partyIds", FieldShape.List), new("title", FieldShape.Line),
        new("validFrom", FieldShape.Date), new("validUntil", FieldShape.Date, Optional: true),
    ];

    public static IReadOnlyList<BodyEndpoint> Bodies(FuzzTargets t) =>
    [
        new("POST", "/api/v1/visits", FuzzCaller.Logger, () => Ledger.Bodies.Visit(), VisitFields),
        new("POST", "/api/v1/staff-exchanges", FuzzCaller.School, () => Ledger.Bodies.StaffExchange(), StaffFields),
        new("POST", "/api/v1/trainings", FuzzCaller.Counterpart, Ledger.Bodies.Training, TrainingFields),
        new("POST", "/api/v1/agreements", FuzzCaller.Logger, () => Ledger.Bodies.Agreement(), AgreementFields),
        new("POST", $"/api/v1/visits/{t.VisitId}/confirmation", FuzzCaller.Counterpart,
            () => new JsonObject { ["orgId"] = Ledger.Bodies.Tongshan }, [new("orgId", FieldShape.Id)]),
        new("POST", $"/api/v1/visits/{t.VisitId}/dispute", FuzzCaller.Counterpart,
            () => new JsonObject { ["orgId"] = Ledger.Bodies.Tongshan, ["reason"] = "人数与签到表不符" },
            [new("orgId", FieldShape.Id), new("reason", FieldShape.MultiLine)]),
        new("POST", $"/api/v1/visits/{t.OtherVisitId}/withdrawal", FuzzCaller.Logger,
            () => new JsonObject { ["reason"] = "重复登记" }, [new("reason", FieldShape.MultiLine)]),
        new("PATCH", $"/api/v1/visits/{t.VisitId}", FuzzCaller.Logger,
            () => new JsonObject { ["reason"] = "更正人数", ["changes"] = new JsonObject { ["delegationSize"] = 6 } },
            [new("reason", FieldShape.MultiLine), new("changes", FieldShape.Nested)]),
        new("PATCH", $"/api/v1/trainings/{t.TrainingId}", FuzzCaller.Counterpart,
            () => new JsonObject { ["reason"] = "更正学员数", ["changes"] = new JsonObject { ["trainees"] = 31 } },
            [new("reason", FieldShape.MultiLine), new("changes", FieldShape.Nested)]),
        new("POST", $"/api/v1/agreements/{t.AgreementId}/signatures", FuzzCaller.Counterpart,
            () => new JsonObject { ["orgId"] = Ledger.Bodies.Tongshan, ["signedOn"] = "2024-04-20" },
            [new("orgId", FieldShape.Id), new("signedOn", FieldShape.Date)]),
        new("POST", $"/api/v1/agreements/{t.AgreementId}/termination", FuzzCaller.Logger,
            () => new JsonObject { ["orgId"] = Ledger.Bodies.Longxian, ["terminatedOn"] = "2024-12-01", ["reason"] = "协议期满" },
            [new("orgId", FieldShape.Id), new("terminatedOn", FieldShape.Date), new("reason", FieldShape.MultiLine)]),
        new("POST", "/api/v1/reconciliation/merges", FuzzCaller.Admin,
            () => new JsonObject { ["keepId"] = t.VisitId, ["duplicateId"] = t.OtherVisitId },
            [new("keepId", FieldShape.Id), new("duplicateId", FieldShape.Id)], Keyed: false),
        new("POST", "/api/v1/pairings", FuzzCaller.Admin,
            () => new JsonObject { ["level"] = "county", ["partyIds"] = new JsonArray("610327", "320312"), ["since"] = "2021-01-01" },
            [new("level", FieldShape.Enum), new("partyIds", FieldShape.List), new("since", FieldShape.Date),
             new("until", FieldShape.Date, Optional: true), new("illustrative", FieldShape.Boolean, Optional: true)], Keyed: false),
        new("PUT", "/api/v1/organizations/sx-610327-fuzz-ps", FuzzCaller.Admin,
            () => new JsonObject { ["name"] = "陇县测试小学", ["kind"] = "school", ["parentId"] = "610327", ["province"] = "shaanxi" },
            [new("name", FieldShape.Line), new("kind", FieldShape.Enum), new("parentId", FieldShape.Id),
             new("province", FieldShape.Enum), new("illustrative", FieldShape.Boolean, Optional: true)], Keyed: false),
        new("POST", "/api/v1/tokens", FuzzCaller.Admin,
            () => new JsonObject { ["organizationId"] = Ledger.Bodies.Longxian }, [new("organizationId", FieldShape.Id)], Keyed: false),
        // The password is not mutated: any 8–128 characters are a password, so a changed one could be a valid one.
        new("POST", "/api/v1/accounts", FuzzCaller.Admin,
            () => new JsonObject { ["login"] = "fuzz.clerk", ["displayName"] = "测试员", ["organizationId"] = Ledger.Bodies.Longxian, ["password"] = "Fuzz-Password-2024" },
            [new("login", FieldShape.Id), new("displayName", FieldShape.Line), new("organizationId", FieldShape.Id)]),
    ];

    /// <summary>
    /// Paths with an id the fuzzer replaces (<c>{id}</c>), each with a body that would be accepted for a real id: so the
    /// id alone decides, and a hostile id that slipped through would store something the snapshot finds.
    /// </summary>
    public static IReadOnlyList<IdEndpoint> IdPaths(FuzzTargets t) =>
    [
        new("GET", "/api/v1/visits/{id}", FuzzCaller.Logger, null),
        new("GET", "/api/v1/agreements/{id}", FuzzCaller.Logger, null),
        new("GET", "/api/v1/agreements/{id}/document", FuzzCaller.Logger, null),
        new("PUT", "/api/v1/agreements/{id}/document", FuzzCaller.Logger, null, Pdf: true),
        new("POST", "/api/v1/visits/{id}/confirmation", FuzzCaller.Counterpart, () => new JsonObject { ["orgId"] = Ledger.Bodies.Tongshan }),
        new("POST", "/api/v1/staff-exchanges/{id}/dispute", FuzzCaller.Counterpart,
            () => new JsonObject { ["orgId"] = Ledger.Bodies.TongshanVocational, ["reason"] = "时间不符" }),
        new("POST", "/api/v1/trainings/{id}/withdrawal", FuzzCaller.Counterpart, () => new JsonObject { ["reason"] = "重复" }),
        new("PATCH", "/api/v1/visits/{id}", FuzzCaller.Logger,
            () => new JsonObject { ["reason"] = "更正", ["changes"] = new JsonObject { ["delegationSize"] = 7 } }),
        new("POST", "/api/v1/agreements/{id}/signatures", FuzzCaller.Counterpart,
            () => new JsonObject { ["orgId"] = Ledger.Bodies.Tongshan, ["signedOn"] = "2024-04-20" }),
        new("GET", "/api/v1/organizations/{id}", FuzzCaller.School, null),
        new("PUT", "/api/v1/organizations/{id}", FuzzCaller.Admin,
            () => new JsonObject { ["name"] = "陇县测试小学", ["kind"] = "school", ["parentId"] = "610327", ["province"] = "shaanxi" }),
        new("DELETE", "/api/v1/tokens/{id}", FuzzCaller.Admin, null),
        new("GET", "/api/v1/reconciliation/merges/{id}", FuzzCaller.Admin, null),
        new("POST", "/api/v1/reconciliation/merges/{id}/withdrawal", FuzzCaller.Admin, null),
        new("GET", "/api/v1/reports/2024/rebuild/{id}", FuzzCaller.Admin, null),
        new("GET", "/api/v1/reports/{id}", FuzzCaller.Admin, null),
        new("POST", "/api/v1/reports/{id}/rebuild?perspective=610300", FuzzCaller.Admin, null),
        new("GET", $"/api/v1/visits/{t.VisitId}{{id}}", FuzzCaller.Logger, null),
        new("GET", "/api/v1/accounts/{id}", FuzzCaller.Logger, null),
        new("POST", "/api/v1/accounts/{id}/disable", FuzzCaller.Admin, null),
        new("POST", "/api/v1/accounts/{id}/enable", FuzzCaller.Admin, null),
        new("POST", "/api/v1/accounts/{id}/password", FuzzCaller.Admin, () => new JsonObject { ["password"] = "New-Password-2024" }),
        new("GET", "/api/v1/imports/{id}", FuzzCaller.Logger, null),
        new("POST", "/api/v1/imports/{id}/commit", FuzzCaller.Logger, null),
        new("GET", "/api/v1/imports/templates/{id}", FuzzCaller.School, null),
    ];

    public static IReadOnlyList<QueryEndpoint> Queries =>
    [
        new("/api/v1/visits", FuzzCaller.Logger, Q(("organizationId", "610327"), ("year", "2024"), ("status", "logged"), ("pageSize", "10"), ("continuationToken", ""))),
        new("/api/v1/agreements", FuzzCaller.Logger, Q(("organizationId", "610327"), ("year", "2024"), ("pageSize", "10"))),
        new("/api/v1/reports/2024", FuzzCaller.Admin, Q(("perspective", "610300"))),
        new("/api/v1/reports/2024/chart.png", FuzzCaller.Admin, Q(("perspective", "320300"))),
        new("/api/v1/reports/2024/records", FuzzCaller.Admin, Q(("perspective", "610300"), ("figure", "bureauVisits"), ("countyId", "610327"), ("pageSize", "5"), ("continuationToken", ""))),
        new("/api/v1/reports/2024/audit", FuzzCaller.Admin, Q(("perspective", "610300"))),
        new("/api/v1/reconciliation/2024", FuzzCaller.Admin, Q(("perspective", "610300"), ("pageSize", "5"), ("continuationToken", ""))),
        new("/api/v1/organizations", FuzzCaller.School, Q(("kind", "county"), ("parentId", "610300"))),
        new("/api/v1/pairings", FuzzCaller.Logger, Q(("organizationId", "610327"))),
        new("/api/v1/reports/2024/rebuild", FuzzCaller.Admin, Q(("perspective", "sx"))),
        new("/api/v1/accounts", FuzzCaller.Logger, Q(("organizationId", "610327"))),
        new("/api/v1/me", FuzzCaller.School, Q(("x", "1"))),
    ];

    private static Dictionary<string, string> Q(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
