using ScottPlot;

namespace Baoji.Exchange.Server.Reports.Documents;

/// <summary>
/// The year's chart as a PNG, drawn with ScottPlot (SkiaSharp, no display needed): exchanges per county by kind on
/// top, per month by kind below. Labels are Latin text and county codes: servers often have no CJK font, and Chinese
/// text would then render as boxes. The Markdown report lists what each code stands for.
/// </summary>
public static class PngChartWriter
{
    public const string ContentType = "image/png";
    public const int Width = 1000;
    public const int Height = 900;

    private static readonly string[] KindNames = ["visits", "staff", "trainings"];
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>The chart's address, relative to the server (the Markdown links it).</summary>
    public static string Path(int year, string perspective) => $"/api/v1/reports/{year}/chart.png?perspective={Uri.EscapeDataString(perspective)}";

    public static string FileName(int year, string perspective) => $"report-{year}-{perspective}.png";

    public static byte[] Write(YearChartData data)
    {
        var palette = new ScottPlot.Palettes.Category10();
        Color[] colors = [.. Enumerable.Range(0, KindNames.Length).Select(palette.GetColor)];
        var chart = new Multiplot();
        chart.AddPlots(2);
        ByCounty(chart.GetPlot(0), data, colors);
        ByMonth(chart.GetPlot(1), data, colors);
        using var image = chart.Render(Width, Height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    private static void ByCounty(Plot plot, YearChartData data, Color[] colors)
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

            ticks.Add(new Tick((i * 4) + 1, county.Id));
        }

        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimitsX(-1, Math.Max(1, data.Counties.Count) * 4 - 1);
        plot.Axes.SetLimitsY(0, Headroom(bars.Select(b => b.Value)));
        plot.Title($"{data.Year}: exchanges per county, {data.Perspective} with {data.Partner}");
        plot.YLabel("visits / people / trainings");
        Legend(plot, colors);
    }

    private static void ByMonth(Plot plot, YearChartData data, Color[] colors)
    {
        double[] months = [.. Enumerable.Range(1, 12).Select(m => (double)m)];
        IReadOnlyList<int>[] series = [data.VisitsByMonth, data.StaffByMonth, data.TrainingsByMonth];
        for (var k = 0; k < series.Length; k++)
        {
            var line = plot.Add.Scatter(months, series[k].Select(v => (double)v).ToArray(), colors[k]);
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. months.Select(m => new Tick(m, MonthNames[(int)m - 1]))]);
        plot.Axes.SetLimitsX(0.5, 12.5);
        var top = Headroom(series.SelectMany(s => s).Select(v => (double)v));
        plot.Axes.SetLimitsY(-top / 40, top);
        plot.Title($"{data.Year}: records starting per month (placements begun earlier: Jan)");
        plot.YLabel("records");
        Legend(plot, colors);
    }

    /// <summary>The top of the value axis: room above the highest value for its label and the legend.</summary>
    private static double Headroom(IEnumerable<double> values) => Math.Ceiling(Math.Max(1, values.DefaultIfEmpty(0).Max()) * 1.25);

    private static void Legend(Plot plot, Color[] colors)
    {
        for (var k = 0; k < KindNames.Length; k++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = KindNames[k], FillColor = colors[k] });
        }

        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperRight;
    }
}
