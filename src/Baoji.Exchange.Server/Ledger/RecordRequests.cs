using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Api;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// A creating request of one collection, as the client sent it: every member nullable so a missing field gets a
/// message of its own. <see cref="LoggedBy"/> is the organisation the caller logs for (default: the caller's own).
/// </summary>
public interface IRecordRequest
{
    string? LoggedBy { get; }

    RecordBody? ToBody(FieldErrors errors);
}

internal static class Required
{
    public static T? Value<T>(T? value, string field, FieldErrors errors) where T : struct
    {
        if (value is null)
        {
            errors.Add(field, $"{field} is required.");
        }

        return value;
    }

    public static string? Id(string? value, string field, FieldErrors errors)
    {
        if (!OrganizationIds.IsWellFormed(value))
        {
            errors.Add(field, $"{field} is required: a registered organisation id.");
            return null;
        }

        return value;
    }
}

public sealed record VisitRequest(
    string? FromOrgId, string? ToOrgId, string? Level, DateOnly? StartDate, DateOnly? EndDate,
    int? DelegationSize, string? Purpose, string? LoggedBy) : IRecordRequest
{
    public RecordBody? ToBody(FieldErrors errors)
    {
        var from = Required.Id(FromOrgId, "fromOrgId", errors);
        var to = Required.Id(ToOrgId, "toOrgId", errors);
        var level = ApiJson.RequireEnum<VisitLevel>(Level, "level", errors);
        var start = Required.Value(StartDate, "startDate", errors);
        var end = Required.Value(EndDate, "endDate", errors);
        var size = Required.Value(DelegationSize, "delegationSize", errors);
        return errors.Any ? null : new VisitBody(from!, to!, level!.Value, start!.Value, end!.Value, size!.Value, Purpose ?? "");
    }
}

public sealed record StaffExchangeRequest(
    string? PersonRef, string? DisplayName, string? Role, string? HomeOrgId, string? HostOrgId,
    DateOnly? StartDate, DateOnly? EndDate, string? Subject, string? LoggedBy) : IRecordRequest
{
    public RecordBody? ToBody(FieldErrors errors)
    {
        if (string.IsNullOrEmpty(PersonRef))
        {
            errors.Add("personRef", "personRef is required.");
        }

        var role = ApiJson.RequireEnum<StaffRole>(Role, "role", errors);
        var home = Required.Id(HomeOrgId, "homeOrgId", errors);
        var host = Required.Id(HostOrgId, "hostOrgId", errors);
        var start = Required.Value(StartDate, "startDate", errors);
        var end = Required.Value(EndDate, "endDate", errors);
        return errors.Any ? null : new StaffExchangeBody(PersonRef!, DisplayName ?? "", role!.Value, home!, host!, start!.Value, end!.Value, Subject);
    }
}

public sealed record TrainingRequest(
    string? ProviderOrgId, string? RecipientOrgId, string? Kind, IReadOnlyList<string>? Subjects, string? Mode,
    DateOnly? StartDate, DateOnly? EndDate, int? Sessions, int? Trainees, decimal? EquipmentValueYuan, string? LoggedBy) : IRecordRequest
{
    public RecordBody? ToBody(FieldErrors errors)
    {
        var provider = Required.Id(ProviderOrgId, "providerOrgId", errors);
        var recipient = Required.Id(RecipientOrgId, "recipientOrgId", errors);
        var kind = ApiJson.RequireEnum<TrainingKind>(Kind, "kind", errors);
        var mode = ApiJson.RequireEnum<TrainingMode>(Mode, "mode", errors);
        var start = Required.Value(StartDate, "startDate", errors);
        var end = Required.Value(EndDate, "endDate", errors);
        var sessions = Required.Value(Sessions, "sessions", errors);
        var trainees = Required.Value(Trainees, "trainees", errors);
        return errors.Any ? null : new TrainingBody(provider!, recipient!, kind!.Value, Subjects ?? [], mode!.Value,
            start!.Value, end!.Value, sessions!.Value, trainees!.Value, EquipmentValueYuan ?? 0);
    }
}

public sealed record AgreementRequest(
    string? Kind, IReadOnlyList<string>? PartyIds, string? Title, DateOnly? ValidFrom, DateOnly? ValidUntil, string? LoggedBy) : IRecordRequest
{
    public RecordBody? ToBody(FieldErrors errors)
    {
        var kind = ApiJson.RequireEnum<AgreementKind>(Kind, "kind", errors);
        if (PartyIds is not { Count: 2 } || PartyIds.Any(p => !OrganizationIds.IsWellFormed(p)))
        {
            errors.Add("partyIds", "partyIds names exactly two registered organisations.");
        }

        var from = Required.Value(ValidFrom, "validFrom", errors);
        return errors.Any ? null : new AgreementBody(kind!.Value, PartyIds!, Title ?? "", from!.Value, ValidUntil);
    }
}

/// <summary>The bodies of the record actions.</summary>
public sealed record ConfirmationRequest(string? OrgId);

public sealed record DisputeRequest(string? OrgId, string? Reason);

public sealed record WithdrawalRequest(string? Reason);

public sealed record SignatureRequest(string? OrgId, DateOnly? SignedOn);

public sealed record TerminationRequest(string? OrgId, DateOnly? TerminatedOn, string? Reason);

public sealed record CorrectionRequest(string? Reason, System.Text.Json.Nodes.JsonObject? Changes);
