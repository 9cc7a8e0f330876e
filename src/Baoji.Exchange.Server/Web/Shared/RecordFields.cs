using System.Globalization;
using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>One field of a record as the record page lists it: its Chinese label, its text, or the organisation it names.</summary>
public sealed record RecordField(string Label, string? Text, string? OrgId = null);

public static class RecordFields
{
    public static IReadOnlyList<RecordField> Of(RecordBody body) => body switch
    {
        VisitBody v =>
        [
            new("出访方", null, v.FromOrgId), new("接待方", null, v.ToOrgId), new("层级", ZhCn.Level(v.Level)),
            new("开始日期", ZhCn.Date(v.StartDate)), new("结束日期", ZhCn.Date(v.EndDate)),
            new("人数", v.DelegationSize.ToString(CultureInfo.InvariantCulture)), new("目的", v.Purpose),
        ],
        StaffExchangeBody s =>
        [
            new("姓名", s.DisplayName), new("人员编号", s.PersonRef), new("身份", ZhCn.Role(s.Role)),
            new("派出单位", null, s.HomeOrgId), new("接收单位", null, s.HostOrgId),
            new("开始日期", ZhCn.Date(s.StartDate)), new("结束日期", ZhCn.Date(s.EndDate)), new("学科", s.Subject),
        ],
        TrainingBody t =>
        [
            new("提供方", null, t.ProviderOrgId), new("接受方", null, t.RecipientOrgId), new("类别", ZhCn.Training(t.Kind)),
            new("内容", string.Join("、", t.Subjects)), new("方式", ZhCn.Mode(t.Mode)),
            new("开始日期", ZhCn.Date(t.StartDate)), new("结束日期", ZhCn.Date(t.EndDate)),
            new("场次", t.Sessions.ToString(CultureInfo.InvariantCulture)), new("受训人数", t.Trainees.ToString(CultureInfo.InvariantCulture)),
            new("设备价值（元）", t.EquipmentValueYuan.ToString("N0", CultureInfo.InvariantCulture)),
        ],
        AgreementBody a =>
        [
            new("类别", ZhCn.Agreement(a.Kind)), new("名称", a.Title), new("甲方", null, a.PartyIds[0]), new("乙方", null, a.PartyIds[1]),
            new("生效日期", ZhCn.Date(a.ValidFrom)), new("截止日期", ZhCn.Date(a.ValidUntil)),
        ],
        _ => [],
    };
}
