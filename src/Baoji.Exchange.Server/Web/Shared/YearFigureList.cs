using Baoji.Exchange.Server.Reports;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>One figure of the 2024 report as 年度统计 shows it: its Chinese name and the report field it drills into.</summary>
public sealed record YearFigure(string Figure, string Label, Func<ReportFigures, decimal> Value);

public static class YearFigureList
{
    public static readonly IReadOnlyList<YearFigure> All =
    [
        new(ReportFigureNames.BureauVisits, "县级教育局互访", f => f.BureauVisits),
        new(ReportFigureNames.SchoolVisits, "学校互访", f => f.SchoolVisits),
        new(ReportFigureNames.StaffSent, "交流干部教师（派出）", f => f.StaffExchanged.Sent),
        new(ReportFigureNames.StaffReceived, "交流干部教师（接收）", f => f.StaffExchanged.Received),
        new(ReportFigureNames.CountyPairs, "结对县区（签订协议）", f => f.CountyPairsWithCooperationAgreement),
        new(ReportFigureNames.NewPairedSchools, "新增结对学校", f => f.NewPairedSchools),
        new(ReportFigureNames.CoConstructionSchools, "共建学校", f => f.SchoolsWithCoConstructionAgreement),
    ];

    public static string LabelOf(string figure) => All.FirstOrDefault(f => f.Figure == figure)?.Label ?? figure;
}
