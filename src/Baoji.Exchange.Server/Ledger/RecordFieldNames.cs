using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>The request field that names each party of a record kind, for messages that point at the right field.</summary>
public static class RecordFieldNames
{
    public static string PartyField(RecordKind kind, int index) => (kind, index) switch
    {
        (RecordKind.Visit, 0) => "fromOrgId",
        (RecordKind.Visit, _) => "toOrgId",
        (RecordKind.StaffExchange, 0) => "homeOrgId",
        (RecordKind.StaffExchange, _) => "hostOrgId",
        (RecordKind.Training, 0) => "providerOrgId",
        (RecordKind.Training, _) => "recipientOrgId",
        _ => $"partyIds[{index}]",
    };
}
