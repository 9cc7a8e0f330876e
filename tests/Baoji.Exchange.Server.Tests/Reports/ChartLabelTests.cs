using Baoji.Exchange.Server.Reports.Documents;

namespace Baoji.Exchange.Server.Tests.Reports;

/// <summary>The chart names counties in Chinese with the Noto CJK font (installed by .ci/run and the README), and falls back to codes without it.</summary>
public sealed class ChartLabelTests
{
    private static readonly YearChartData Data = new(2024, "610300", "320300",
        [new CountyExchanges("610327", "陇县", 3, 4, 2), new CountyExchanges("610328", "千阳县", 1, 0, 5)],
        [.. Enumerable.Repeat(1, 12)], [.. Enumerable.Repeat(2, 12)], [.. Enumerable.Repeat(0, 12)])
    {
        PerspectiveName = "宝鸡市",
        PartnerName = "徐州市",
    };

    [Fact]
    public void The_noto_cjk_font_is_found_on_this_machine()
    {
        Assert.NotNull(ChartFonts.Chinese);
        Assert.Contains("CJK", ChartFonts.Chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_font_counties_are_named_in_chinese_and_without_it_by_code()
    {
        var chinese = PngChartWriter.LabelsFor(ChartFonts.Chinese);
        var latin = PngChartWriter.LabelsFor(null);

        Assert.Equal(["陇县", "千阳县"], Data.Counties.Select(chinese.County));
        Assert.Equal("2024 年宝鸡市与徐州市：各县区交流", chinese.CountyTitle(Data));
        Assert.Equal(["互访", "交流干部教师", "培训帮扶"], chinese.Kinds);
        Assert.Equal(["610327", "610328"], Data.Counties.Select(latin.County));
    }

    [Fact]
    public void The_chart_draws_chinese_glyphs_rather_than_empty_boxes()
    {
        var withFont = PngChartWriter.Write(Data, ChartFonts.Chinese);
        var withoutFont = PngChartWriter.Write(Data, null);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], withFont[..4]);
        Assert.NotEqual(withoutFont, withFont);
    }
}
