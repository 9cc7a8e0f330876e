using System.Globalization;
using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>How the pages say the ledger's words in Chinese; dates always yyyy-MM-dd.</summary>
public static class ZhCn
{
    public const string VersionConflict = "已被他人修改，请刷新后再试";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "—";

    public static string Time(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Kind(RecordKind kind) => kind switch
    {
        RecordKind.Visit => "互访",
        RecordKind.StaffExchange => "人员交流",
        RecordKind.Training => "培训与援助",
        _ => "协议",
    };

    public static string Status(RecordStatus status) => status switch
    {
        RecordStatus.Logged => "待确认",
        RecordStatus.Confirmed => "已确认",
        RecordStatus.Disputed => "有异议",
        _ => "已撤回",
    };

    /// <summary>An account's state: 已停用 (disabled) before 已锁定 (locked after wrong passwords), else 正常.</summary>
    public static string AccountStatus(Accounts.AccountView account) =>
        account.Disabled ? "已停用" : account.LockedUntil is not null ? "已锁定" : "正常";

    public static string Level(VisitLevel level) => level == VisitLevel.Bureau ? "县区教育部门领导互访" : "结对学校领导互访";

    public static string Role(StaffRole role) => role == StaffRole.Teacher ? "教师" : "干部";

    public static string Training(TrainingKind kind) => kind switch
    {
        TrainingKind.TeacherTraining => "教师培训",
        TrainingKind.Equipment => "设备援建",
        _ => "线上教研",
    };

    public static string Mode(TrainingMode mode) => mode == TrainingMode.Online ? "线上" : "线下";

    public static string Agreement(AgreementKind kind) => kind switch
    {
        AgreementKind.Cooperation => "合作协议",
        AgreementKind.AssistancePlan => "对口帮扶工作计划",
        _ => "帮扶共建协议书",
    };

    public static string Action(string action) => action switch
    {
        "created" => "登记",
        "confirmed" => "确认",
        "disputed" => "提出异议",
        "corrected" => "更正",
        "withdrawn" => "撤回",
        "signed" => "签署",
        "terminated" => "终止",
        "merged" => "合并为重复记录",
        "unmerged" => "撤销合并",
        "document" => "上传签署文本",
        _ => action,
    };

    /// <summary>The fields of the record bodies as the API names them.</summary>
    public static string Field(string field) => field switch
    {
        "fromOrgId" => "出访方",
        "toOrgId" => "接待方",
        "level" => "层级",
        "startDate" => "开始日期",
        "endDate" => "结束日期",
        "delegationSize" => "人数",
        "purpose" => "目的",
        "personRef" => "人员编号",
        "displayName" => "姓名",
        "role" => "身份",
        "homeOrgId" => "派出单位",
        "hostOrgId" => "接收单位",
        "subject" => "学科",
        "providerOrgId" => "提供方",
        "recipientOrgId" => "接受方",
        "kind" => "类别",
        "subjects" => "内容",
        "mode" => "方式",
        "sessions" => "场次",
        "trainees" => "受训人数",
        "equipmentValueYuan" => "设备价值（元）",
        "partyIds" => "协议双方",
        "title" => "名称",
        "validFrom" => "生效日期",
        "validUntil" => "截止日期",
        "reason" => "理由",
        _ => field,
    };
}
