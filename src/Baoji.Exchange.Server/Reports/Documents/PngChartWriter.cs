using ScottPlot;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>
/// The year's chart as a PNG, drawn with ScottPlot (SkiaSharp, no display needed): exchanges per county by kind on
/// top, per month by kind below. With a CJK font (<see cref="ChartFonts"/>) every label is Chinese and counties are
/// named; without one, Chinese would render as boxes, so labels are Latin text and county codes (the Markdown report
/// lists what each code stands for).
/// </summary>
public static class PngChartWriter
{
    public const string ContentType = "image/png";
    public const int Width = 1000;
    public const int Height = 900;

    private static readonly ChartLabels Latin = new(
        ["visits", "staff", "trainings"], ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        c => c.Id, d => $"{d.Year}: exchanges per county, {d.Perspective} with {d.Partner}", "visits / people / trainings",
        d => $"{d.Year}: records starting per month (placements begun earlier: Jan)", "records");

    private static readonly ChartLabels Chinese = new(
        ["互访", "交流干部教师", "培训帮扶"], [.. Enumerable.Range(1, 12).Select(m => $"{m}月")],
        c => c.Name, d => $"{d.Year} 年{d.PerspectiveName}与{d.PartnerName}：各县区交流", "次数 / 人数 / 培训",
        d => $"{d.Year} 年逐月开始的记录（此前开始的派驻计入 1 月）", "记录数");

    /// <summary>The texts of one language of the chart.</summary>
    public sealed record ChartLabels(
        IReadOnlyList<string> Kinds, IReadOnlyList<string> Months, Func<CountyExchanges, string> County,
        Func<YearChartData, string> CountyTitle, string CountyAxis, Func<YearChartData, string> MonthTitle, string MonthAxis);

    /// <summary>The labels the chart uses: Chinese with county names when a CJK font is given, else Latin with codes.</summary>
    public static ChartLabels LabelsFor(string? chineseFont) => chineseFont is null ? Latin : Chinese;

    /// <summary>The chart's address, relative to the server (the Markdown links it).</summary>
    public static string Path(int year, string perspective) => $"/api/v1/reports/{year}/chart.png?perspective={Uri.EscapeDataString(perspective)}";

    public static string FileName(int year, string perspective) => $"report-{year}-{perspective}.png";

    /// <param name="chineseFont">A CJK font family (<see cref="ChartFonts.Chinese"/>), or null for Latin labels.</param>
    public static byte[] Write(YearChartData data, string? chineseFont)
    {
        var labels = LabelsFor(chineseFont);
        var palette = new ScottPlot.Palettes.Category10();
        Color[] colors = [.. Enumerable.Range(0, labels.Kinds.Count).Select(palette.GetColor)];
        var chart = new Multiplot();
        chart.AddPlots(2);
        ByCounty(chart.GetPlot(0), data, colors, labels);
        ByMonth(chart.GetPlot(1), data, colors, labels);
        if (chineseFont is not null)
        {
            foreach (var plot in new[] { chart.GetPlot(0), chart.GetPlot(1) })
            {
                plot.Font.Set(chineseFont);
                plot.Legend.FontName = chineseFont;
            }
        }

        using var image = chart.Render(Width, Height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    private static void ByCounty(Plot plot, YearChartData data, Color[] colors, ChartLabels labels)
    {
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < data.Counties.Count; i++)
        {
            var county = data.Counties[i];
            int[] values = [county.Visits, county.Staff, county.Trainings];
            for (var k = 0; k < values.Length; k++)
            {
                bars.Add(new Bar { Position = (i * 4) + k, Value = values[k], FillColor = colors[k], Label = $"{values[k]}" });
            }

            ticks.Add(new Tick((i * 4) + 1, labels.County(county)));
        }

        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimitsX(-1, Math.Max(1, data.Counties.Count) * 4 - 1);
        plot.Axes.SetLimitsY(0, Headroom(bars.Select(b => b.Value)));
        plot.Title(labels.CountyTitle(data));
        plot.YLabel(labels.CountyAxis);
        Legend(plot, colors, labels);
    }

    private static void ByMonth(Plot plot, YearChartData data, Color[] colors, ChartLabels labels)
    {
        double[] months = [.. Enumerable.Range(1, 12).Select(m => (double)m)];
        IReadOnlyList<int>[] series = [data.VisitsByMonth, data.StaffByMonth, data.TrainingsByMonth];
        for (var k = 0; k < series.Length; k++)
        {
            var line = plot.Add.Scatter(months, series[k].Select(v => (double)v).ToArray(), colors[k]);
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. months.Select(m => new Tick(m, labels.Months[(int)m - 1]))]);
        plot.Axes.SetLimitsX(0.5, 12.5);
        var top = Headroom(series.SelectMany(s => s).Select(v => (double)v));
        plot.Axes.SetLimitsY(-top / 40, top);
        plot.Title(labels.MonthTitle(data));
        plot.YLabel(labels.MonthAxis);
        Legend(plot, colors, labels);
    }

    /// <summary>The top of the value axis: room above the highest value for its label and the legend.</summary>
    private static double Headroom(IEnumerable<double> values) => Math.Ceiling(Math.Max(1, values.DefaultIfEmpty(0).Max()) * 1.25);

    private static void Legend(Plot plot, Color[] colors, ChartLabels labels)
    {
        for (var k = 0; k < labels.Kinds.Count; k++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = labels.Kinds[k], FillColor = colors[k] });
        }

        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperRight;
    }
}
