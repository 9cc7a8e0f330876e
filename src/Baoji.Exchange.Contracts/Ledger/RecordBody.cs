using System.Text.Json.Serialization;

namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>The fields a party logs and may correct; one subtype per record kind.</summary>
[GenerateSerializer, Alias("baoji.RecordBody")]
public abstract record RecordBody
{
    [JsonIgnore]
    public RecordKind RecordKind => this switch
    {
        VisitBody => RecordKind.Visit,
        StaffExchangeBody => RecordKind.StaffExchange,
        TrainingBody => RecordKind.Training,
        _ => RecordKind.Agreement,
    };

    /// <summary>The two parties of the record, in the order the kind names them (from/to, home/host, provider/recipient, a/b).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Parties => this switch
    {
        VisitBody v => [v.FromOrgId, v.ToOrgId],
        StaffExchangeBody s => [s.HomeOrgId, s.HostOrgId],
        TrainingBody t => [t.ProviderOrgId, t.RecipientOrgId],
        AgreementBody a => a.PartyIds,
        _ => [],
    };

    /// <summary>The period the record covers (for an agreement: its term; open-ended agreements have no end).</summary>
    [JsonIgnore]
    public DateOnly Start => this switch
    {
        VisitBody v => v.StartDate,
        StaffExchangeBody s => s.StartDate,
        TrainingBody t => t.StartDate,
        AgreementBody a => a.ValidFrom,
        _ => default,
    };

    [JsonIgnore]
    public DateOnly? End => this switch
    {
        VisitBody v => v.EndDate,
        StaffExchangeBody s => s.EndDate,
        TrainingBody t => t.EndDate,
        AgreementBody a => a.ValidUntil,
        _ => null,
    };
}

[GenerateSerializer, Immutable, Alias("baoji.VisitBody")]
public sealed record VisitBody(
    [property: Id(0)] string FromOrgId,
    [property: Id(1)] string ToOrgId,
    [property: Id(2)] VisitLevel Level,
    [property: Id(3)] DateOnly StartDate,
    [property: Id(4)] DateOnly EndDate,
    [property: Id(5)] int DelegationSize,
    [property: Id(6)] string Purpose) : RecordBody;

[GenerateSerializer, Immutable, Alias("baoji.StaffExchangeBody")]
public sealed record StaffExchangeBody(
    [property: Id(0)] string PersonRef,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] StaffRole Role,
    [property: Id(3)] string HomeOrgId,
    [property: Id(4)] string HostOrgId,
    [property: Id(5)] DateOnly StartDate,
    [property: Id(6)] DateOnly EndDate,
    [property: Id(7)] string? Subject) : RecordBody;

[GenerateSerializer, Immutable, Alias("baoji.TrainingBody")]
public sealed record TrainingBody(
    [property: Id(0)] string ProviderOrgId,
    [property: Id(1)] string RecipientOrgId,
    [property: Id(2)] TrainingKind Kind,
    [property: Id(3)] IReadOnlyList<string> Subjects,
    [property: Id(4)] TrainingMode Mode,
    [property: Id(5)] DateOnly StartDate,
    [property: Id(6)] DateOnly EndDate,
    [property: Id(7)] int Sessions,
    [property: Id(8)] int Trainees,
    [property: Id(9)] decimal EquipmentValueYuan) : RecordBody;

[GenerateSerializer, Immutable, Alias("baoji.AgreementBody")]
public sealed record AgreementBody(
    [property: Id(0)] AgreementKind Kind,
    [property: Id(1)] IReadOnlyList<string> PartyIds,
    [property: Id(2)] string Title,
    [property: Id(3)] DateOnly ValidFrom,
    [property: Id(4)] DateOnly? ValidUntil) : RecordBody;
