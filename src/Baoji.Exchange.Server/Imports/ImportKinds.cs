using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Ledger;

namespace Baoji.Exchange.Server.Imports;

/// <summary>
/// The sheet of each record kind: its columns in order (after 编号, the row key) and how a row's read cells become
/// the same creating request the API takes, so the same rules judge it (<see cref="LedgerService.CheckCreateAsync"/>).
/// </summary>
public static class ImportKinds
{
    /// <summary>The row key column: a row with the same 编号 becomes the same record, however often it is imported.</summary>
    public const string RowKeyHeader = "编号";

    private const string OrgHint = "单位代码（如 610327）或登记的单位名称";
    private const string DateHint = "日期，yyyy-MM-dd";

    public static IReadOnlyList<RecordKind> All { get; } = [RecordKind.Visit, RecordKind.StaffExchange, RecordKind.Training, RecordKind.Agreement];

    public static bool TryParse(string? name, out RecordKind kind)
    {
        foreach (var candidate in All)
        {
            if (RecordCollections.NameOf(candidate) == name)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static IReadOnlyList<ImportColumn> Columns(RecordKind kind) => kind switch
    {
        RecordKind.Visit =>
        [
            new("fromOrgId", CellType.Organization, true, OrgHint),
            new("toOrgId", CellType.Organization, true, OrgHint),
            ImportColumn.Choice<VisitLevel>("level"),
            new("startDate", CellType.Date, true, DateHint),
            new("endDate", CellType.Date, true, DateHint),
            new("delegationSize", CellType.WholeNumber, true, $"1–{RecordRules.MaxDelegationSize} 的整数"),
            new("purpose", CellType.Text, true, "不超过 200 字"),
        ],
        RecordKind.StaffExchange =>
        [
            new("personRef", CellType.Text, true, "派出单位的人员编号，1–40 个字母、数字或连字符（不要填身份证号）"),
            new("displayName", CellType.Text, true, "不超过 50 字"),
            ImportColumn.Choice<StaffRole>("role"),
            new("homeOrgId", CellType.Organization, true, OrgHint),
            new("hostOrgId", CellType.Organization, true, OrgHint),
            new("startDate", CellType.Date, true, DateHint),
            new("endDate", CellType.Date, true, DateHint),
            new("subject", CellType.Text, false, "可不填，不超过 50 字"),
        ],
        RecordKind.Training =>
        [
            new("providerOrgId", CellType.Organization, true, OrgHint),
            new("recipientOrgId", CellType.Organization, true, OrgHint),
            ImportColumn.Choice<TrainingKind>("kind"),
            new("subjects", CellType.List, false, "多个科目用顿号“、”分隔"),
            ImportColumn.Choice<TrainingMode>("mode"),
            new("startDate", CellType.Date, true, DateHint),
            new("endDate", CellType.Date, true, DateHint),
            new("sessions", CellType.WholeNumber, true, $"1–{RecordRules.MaxSessions} 的整数"),
            new("trainees", CellType.WholeNumber, true, $"1–{RecordRules.MaxTrainees} 的整数"),
            new("equipmentValueYuan", CellType.Amount, false, "设备援建填写，其他不填"),
        ],
        _ =>
        [
            ImportColumn.Choice<AgreementKind>("kind"),
            new("partyIds[0]", CellType.Organization, true, OrgHint),
            new("partyIds[1]", CellType.Organization, true, OrgHint),
            new("title", CellType.Text, true, "不超过 200 字"),
            new("validFrom", CellType.Date, true, DateHint),
            new("validUntil", CellType.Date, false, "可不填（长期有效），yyyy-MM-dd"),
        ],
    };

    /// <summary>The creating request of a row whose cells were read (field → value; a cell that could not be read is absent).</summary>
    public static IRecordRequest Request(RecordKind kind, IReadOnlyDictionary<string, object?> cells, string loggedBy)
    {
        string? Text(string f) => cells.GetValueOrDefault(f) as string;
        DateOnly? Date(string f) => cells.GetValueOrDefault(f) as DateOnly?;
        int? Int(string f) => cells.GetValueOrDefault(f) as int?;
        return kind switch
        {
            RecordKind.Visit => new VisitRequest(Text("fromOrgId"), Text("toOrgId"), Text("level"), Date("startDate"), Date("endDate"),
                Int("delegationSize"), Text("purpose"), loggedBy),
            RecordKind.StaffExchange => new StaffExchangeRequest(Text("personRef"), Text("displayName"), Text("role"), Text("homeOrgId"),
                Text("hostOrgId"), Date("startDate"), Date("endDate"), Text("subject"), loggedBy),
            RecordKind.Training => new TrainingRequest(Text("providerOrgId"), Text("recipientOrgId"), Text("kind"),
                cells.GetValueOrDefault("subjects") as IReadOnlyList<string>, Text("mode"), Date("startDate"), Date("endDate"),
                Int("sessions"), Int("trainees"), cells.GetValueOrDefault("equipmentValueYuan") as decimal?, loggedBy),
            _ => new AgreementRequest(Text("kind"), [Text("partyIds[0]") ?? "", Text("partyIds[1]") ?? ""], Text("title"),
                Date("validFrom"), Date("validUntil"), loggedBy),
        };
    }
}
