using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Server.Api.Localization;

/// <summary>
/// The Chinese names of request fields, enumeration values and collections: what zh-CN problem messages, the import
/// templates' column headers and the import preview call them. One list, so a page, a template and a message agree.
/// </summary>
public static class ChineseLabels
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["fromOrgId"] = "出访单位",
        ["toOrgId"] = "接待单位",
        ["level"] = "互访级别",
        ["startDate"] = "开始日期",
        ["endDate"] = "结束日期",
        ["delegationSize"] = "代表团人数",
        ["purpose"] = "事由",
        ["personRef"] = "人员编号",
        ["displayName"] = "姓名",
        ["role"] = "身份",
        ["homeOrgId"] = "派出单位",
        ["hostOrgId"] = "接收单位",
        ["subject"] = "学科",
        ["providerOrgId"] = "帮扶单位",
        ["recipientOrgId"] = "受援单位",
        ["kind"] = "类型",
        ["subjects"] = "培训科目",
        ["mode"] = "方式",
        ["sessions"] = "场次",
        ["trainees"] = "培训人数",
        ["equipmentValueYuan"] = "设备价值（元）",
        ["partyIds"] = "协议双方",
        ["partyIds[0]"] = "甲方",
        ["partyIds[1]"] = "乙方",
        ["title"] = "协议名称",
        ["validFrom"] = "生效日期",
        ["validUntil"] = "截止日期",
        ["loggedBy"] = "登记单位",
        ["reason"] = "理由",
        ["orgId"] = "单位",
        ["signedOn"] = "签署日期",
        ["terminatedOn"] = "终止日期",
        ["since"] = "起始日期",
        ["until"] = "截止日期",
        ["organizationId"] = "单位",
        ["year"] = "年度",
        ["pageSize"] = "每页条数",
        ["continuationToken"] = "续页标记",
        ["countyId"] = "县区",
        ["figure"] = "指标",
        ["perspective"] = "视角",
        ["status"] = "状态",
        ["changes"] = "更正内容",
        ["history"] = "历史",
        ["id"] = "编号",
        ["keepId"] = "保留记录",
        ["duplicateId"] = "重复记录",
        ["document"] = "协议扫描件",
        ["file"] = "文件",
        ["body"] = "请求内容",
        ["name"] = "名称",
        ["parentId"] = "上级单位",
        ["province"] = "省份",
        ["jobId"] = "任务编号",
        ["tokenId"] = "令牌编号",
        ["label"] = "用途",
        ["login"] = "登录名",
        ["password"] = "密码",
        ["currentPassword"] = "当前密码",
        ["newPassword"] = "新密码",
        ["rateLimit"] = "请求频率",
        ["storage"] = "存储",
    };

    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        [ApiJson.Name(VisitLevel.Bureau)] = "县区教育部门领导",
        [ApiJson.Name(VisitLevel.School)] = "结对学校领导",
        [ApiJson.Name(StaffRole.Teacher)] = "教师",
        [ApiJson.Name(StaffRole.Cadre)] = "干部",
        [ApiJson.Name(TrainingKind.TeacherTraining)] = "师资培训",
        [ApiJson.Name(TrainingKind.Equipment)] = "设备援建",
        [ApiJson.Name(TrainingKind.OnlineResearch)] = "线上教研",
        [ApiJson.Name(TrainingMode.Online)] = "线上",
        [ApiJson.Name(TrainingMode.Onsite)] = "线下",
        [ApiJson.Name(AgreementKind.Cooperation)] = "合作协议",
        [ApiJson.Name(AgreementKind.AssistancePlan)] = "对口帮扶工作计划",
        [ApiJson.Name(AgreementKind.CoConstruction)] = "帮扶共建协议书",
        [ApiJson.Name(RecordStatus.Logged)] = "待确认",
        [ApiJson.Name(RecordStatus.Confirmed)] = "已确认",
        [ApiJson.Name(RecordStatus.Disputed)] = "有异议",
        [ApiJson.Name(RecordStatus.Withdrawn)] = "已撤回",
        ["shaanxi"] = "陕西",
        ["jiangsu"] = "江苏",
        ["Shaanxi (Baoji)"] = "陕西（宝鸡）",
        ["Jiangsu (Xuzhou)"] = "江苏（徐州）",
        ["visits"] = "互访",
        ["staff-exchanges"] = "干部教师交流",
        ["trainings"] = "培训帮扶",
        ["agreements"] = "协议",
    };

    private static readonly Dictionary<string, string> OrganizationKinds = new(StringComparer.Ordinal)
    {
        ["city"] = "市",
        ["county"] = "县区",
        ["school"] = "学校",
    };

    /// <summary>The Chinese name of an organisation kind (city, county, school), or the value itself.</summary>
    public static string OrganizationKind(string kind) => OrganizationKinds.TryGetValue(kind, out var label) ? label : kind;

    /// <summary>The field's Chinese name; a field not listed (or a path such as changes.x) keeps its own name.</summary>
    public static string Field(string field)
    {
        if (Fields.TryGetValue(field, out var label))
        {
            return label;
        }

        // "changes.startDate" is the field startDate inside a correction.
        var dot = field.LastIndexOf('.');
        return dot > 0 && Fields.TryGetValue(field[(dot + 1)..], out label) ? label : field;
    }

    /// <summary>The Chinese name of an API value (a kebab-case enumeration value, a collection, a side), or the value itself.</summary>
    public static string Value(string value) => Values.TryGetValue(value, out var label) ? label : value;

    /// <summary>The Chinese name of an enumeration value.</summary>
    public static string Value<TEnum>(TEnum value) where TEnum : struct, Enum => Value(ApiJson.Name(value));

    /// <summary>The enumeration value whose Chinese name (or API name) is <paramref name="text"/>.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        var trimmed = text?.Trim();
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (trimmed == Value(candidate) || trimmed == ApiJson.Name(candidate))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
