using System.Globalization;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>One figure as the documents show it: a Chinese label and how to read it off the report.</summary>
public sealed record ReportColumn(string Label, Func<ReportFigures, decimal> Value);

/// <summary>
/// The figures every document shows, in one order and under one label, so the Markdown rows, the CSV columns and
/// the XLSX cells say the same thing. Training sessions per subject follow as columns of their own.
/// </summary>
public static class ReportColumns
{
    public const string SubjectPrefix = "培训场次：";

    public static IReadOnlyList<ReportColumn> Fixed { get; } =
    [
        new("县区教育部门领导互访（次）", f => f.BureauVisits),
        new("结对学校领导互访（次）", f => f.SchoolVisits),
        new("交流干部教师（人）", f => f.StaffExchanged.Total),
        new("其中本方派出（人）", f => f.StaffExchanged.Sent),
        new("其中对方派来（人）", f => f.StaffExchanged.Received),
        new("有效合作协议的县区结对（对）", f => f.CountyPairsWithCooperationAgreement),
        new("新增结对学校（所）", f => f.NewPairedSchools),
        new("签有有效共建协议的学校（所）", f => f.SchoolsWithCoConstructionAgreement),
        new("培训项目（项）", f => f.Training.Records),
        new("培训场次", f => f.Training.Sessions),
        new("受训人次", f => f.Training.Trainees),
        new("设备援建金额（元）", f => f.Training.EquipmentValueYuan),
        new("线上教研（场）", f => f.Training.OnlineResearchSessions),
        new("待对方确认的记录（条）", f => f.UnconfirmedRecords),
    ];

    /// <summary>The fixed columns followed by one column per training subject.</summary>
    public static IReadOnlyList<ReportColumn> For(ReportDocument document) =>
        [.. Fixed, .. document.Subjects.Select(s => new ReportColumn(SubjectPrefix + s, f => f.Training.BySubject.GetValueOrDefault(s)))];

    /// <summary>Numbers as plain invariant text (no grouping), so that every document parses back the same.</summary>
    public static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
