using System.Text;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>
/// The report as a zh-CN Markdown narrative: an overview in sentences, a summary table, a table per county with
/// activity (the quiet ones in one line), the chart and the counting rules. Every table row is "| label | number |"
/// with the labels of <see cref="ReportColumns"/>.
/// </summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    public string MediaType => "text/markdown";

    public string ContentType => "text/markdown; charset=utf-8";

    public string? FileName(YearReport report) => null;

    public byte[] Write(ReportDocument document) => Encoding.UTF8.GetBytes(Render(document));

    public static string Render(ReportDocument document)
    {
        var d = Escaped(document);
        var r = d.Report;
        var md = new StringBuilder();
        md.Append($"# {d.PerspectivePlace}—{d.PartnerPlace}教育协作 {r.Year} 年度统计\n\n");
        md.Append($"- 统计视角：{r.PerspectiveName}（{r.Perspective}）；协作方：{r.PartnerName}（{r.Partner}）\n");
        md.Append($"- 数据截至：{Day(r.AsOf)}");
        md.Append(r.AsOf < new DateOnly(r.Year, 12, 31) ? "（年度尚未结束，此后登记的记录还会计入）\n" : "\n");
        md.Append("- 来源：Baoji.Exchange 按双方登记的交流记录即时汇总；记录更正后重新导出即得最新数字。\n\n");

        md.Append("## 年度概况\n\n").Append(Overview(d)).Append("\n\n");
        md.Append("## 汇总表\n\n");
        Table(md, r, d.Subjects);

        md.Append("## 各县区\n\n");
        foreach (var county in d.ActiveCounties)
        {
            md.Append($"### {d.PlaceOf(county.Id)}（{county.Id}）\n\n").Append(CountySentence(d, county)).Append("\n\n");
            Table(md, county, county.Training.BySubject.Keys);
        }

        if (d.QuietCounties.Count > 0)
        {
            md.Append($"其余 {d.QuietCounties.Count} 个县区本年度没有计入统计的协作记录，各项均为 0：");
            md.Append(string.Join("、", d.QuietCounties.Select(c => $"{d.PlaceOf(c.Id)}（{c.Id}）"))).Append("。\n\n");
        }

        Chart(md, d);
        Rules(md, d);
        return md.ToString();
    }

    private static string Overview(ReportDocument d)
    {
        var r = d.Report;
        var s = new StringBuilder();
        s.Append($"{r.Year} 年，{d.PerspectivePlace}与{d.PartnerPlace}之间登记了县区教育部门领导互访 {r.BureauVisits} 次、");
        s.Append($"结对学校领导互访 {r.SchoolVisits} 次。两地交流干部教师共 {r.StaffExchanged.Total} 人，");
        s.Append($"其中{d.PerspectivePlace}派往{d.PartnerPlace} {r.StaffExchanged.Sent} 人，{d.PartnerPlace}派来 {r.StaffExchanged.Received} 人。");
        s.Append($"截至 {Day(r.AsOf)}，有 {r.CountyPairsWithCooperationAgreement} 对县区的合作协议处于有效期内，");
        s.Append($"{r.SchoolsWithCoConstructionAgreement} 所学校签有有效的帮扶共建协议；本年度新增结对学校 {r.NewPairedSchools} 所。");
        if (r.Training.Records > 0)
        {
            s.Append($"培训方面共 {r.Training.Records} 项、{N(r.Training.Sessions)} 场");
            s.Append(r.Training.OnlineResearchSessions > 0 ? $"（其中线上教研 {N(r.Training.OnlineResearchSessions)} 场）" : "");
            s.Append($"，受训 {N(r.Training.Trainees)} 人次");
            s.Append(r.Training.EquipmentValueYuan > 0 ? $"，随培训援建设备价值 {N(r.Training.EquipmentValueYuan)} 元。" : "。");
        }

        var active = d.ActiveCounties;
        if (active.Count > 0)
        {
            s.Append($"有记录的县区共 {active.Count} 个：{string.Join("、", active.Select(c => d.PlaceOf(c.Id)))}。");
        }

        if (r.UnconfirmedRecords > 0)
        {
            s.Append($"另有 {r.UnconfirmedRecords} 条已计入的记录尚待对方确认。");
        }

        return s.ToString();
    }

    private static string CountySentence(ReportDocument d, CountyReport c)
    {
        var partners = c.PartnerIds.Count == 0 ? "本年度没有登记结对县区。" : $"结对县区：{string.Join("、", c.PartnerIds.Select(p => $"{d.PlaceOf(p)}（{p}）"))}。";
        var staff = c.StaffExchanged.Total > 0
            ? $"交流干部教师 {c.StaffExchanged.Total} 人（派出 {c.StaffExchanged.Sent} 人、派来 {c.StaffExchanged.Received} 人）"
            : "没有交流干部教师";
        var training = c.Training.Records > 0
            ? $"，培训 {c.Training.Records} 项共 {N(c.Training.Sessions)} 场"
            : "";
        return $"{partners}领导互访 {c.BureauVisits + c.SchoolVisits} 次（县区 {c.BureauVisits}、学校 {c.SchoolVisits}），{staff}{training}。";
    }

    private static void Table(StringBuilder md, ReportFigures figures, IEnumerable<string> subjects)
    {
        md.Append("| 指标 | 数值 |\n|---|---:|\n");
        foreach (var column in ReportColumns.Fixed)
        {
            md.Append($"| {column.Label} | {N(column.Value(figures))} |\n");
        }

        foreach (var subject in subjects)
        {
            md.Append($"| {ReportColumns.SubjectPrefix}{Escape(subject)} | {N(figures.Training.BySubject.GetValueOrDefault(subject))} |\n");
        }

        md.Append('\n');
    }

    private static void Chart(StringBuilder md, ReportDocument d)
    {
        var r = d.Report;
        md.Append("## 年度图表\n\n");
        md.Append($"![{r.Year} 年各县区交流与逐月分布]({PngChartWriter.Path(r.Year, r.Perspective)})\n\n");
        md.Append("上图按县区比较三类交流：visits 为两级领导互访次数之和，staff 为交流干部教师人数，trainings 为培训项目数；");
        md.Append("下图是每月开始的互访、干部教师派驻和培训记录条数（上一年开始、延续到本年的派驻计在 1 月）。");
        md.Append("图片由上面的接口生成（需要令牌，命令行可用 `--format png` 保存）。图中县区以行政区划代码标注：\n\n");
        foreach (var county in d.ActiveCounties)
        {
            md.Append($"- {county.Id}：{d.PlaceOf(county.Id)}\n");
        }

        md.Append('\n');
    }

    private static void Rules(StringBuilder md, ReportDocument d)
    {
        var r = d.Report;
        md.Append("## 统计口径\n\n");
        md.Append($"- 只统计{d.PerspectivePlace}一方（市局、县区局或学校）与{d.PartnerPlace}一方之间的记录；撤回的、有争议的和被合并掉的记录不计入任何数字。\n");
        md.Append("- 互访按出发日期归入年度，县区教育部门领导与结对学校领导两个层级分开计数。\n");
        md.Append("- 交流干部教师按人计：派驻期与本年度有交叉即计入，同一派出单位的同一人只计一次；按派出单位属于哪一方分为本方派出和对方派来。\n");
        md.Append($"- 协议类数字看统计截止日（{Day(r.AsOf)}）：双方都已签署、已经生效、没有到期也没有终止的协议才算有效。\n");
        md.Append("- 新增结对学校：本方学校与对方学校的第一次结对开始于本年度。\n");
        md.Append("- 培训按开始日期归入年度；线上教研为线上教研类培训的场次之和；设备援建金额为培训记录登记的设备价值之和；一项培训涉及几个科目，其场次就分别计入每个科目，所以各科目相加可能多于培训场次。\n");
        md.Append("- 县区的数字只含该县区或其学校作为一方的记录，两市市局之间的记录只计入全市，所以各县区相加不一定等于全市。\n");
        md.Append($"- 待对方确认的记录已计入上述数字。每个数字依据哪些记录，可用 `GET /api/v1/reports/{r.Year}/records?perspective={r.Perspective}&figure=…` 逐条查看。\n");
    }

    private static string Day(DateOnly day) => $"{day.Year} 年 {day.Month} 月 {day.Day} 日";

    private static string N(decimal value) => ReportColumns.Format(value);

    private static string Escape(string text) => DocumentText.Markdown(text);

    /// <summary>The document with every registry name escaped once, so no sentence below can print one raw.</summary>
    private static ReportDocument Escaped(ReportDocument d) => d with
    {
        Report = d.Report with { PerspectiveName = Escape(d.Report.PerspectiveName), PartnerName = Escape(d.Report.PartnerName) },
        Names = d.Names.ToDictionary(n => n.Key, n => Escape(n.Value), StringComparer.Ordinal),
    };
}
