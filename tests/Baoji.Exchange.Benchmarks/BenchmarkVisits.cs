namespace Baoji.Exchange.Benchmarks;

/// <summary>The visits every ingest benchmark creates, and its integer options: one shape for the single server and the cluster.</summary>
internal static class BenchmarkVisits
{
    /// <summary>Five county pairs of the 2024 log; each visit alternates which side goes and logs it.</summary>
    public static readonly string[][] Pairs = [["610324", "320382"], ["610327", "320312"], ["610328", "320381"], ["610329", "320322"], ["610331", "320305"]];

    /// <summary>The i-th bureau visit of <paramref name="year"/>: its day, pair and side follow from i.</summary>
    public static object Visit(int i, int year)
    {
        var pair = Pairs[i % Pairs.Length];
        var start = new DateOnly(year, 1, 1).AddDays(i % 360);
        return new
        {
            fromOrgId = pair[i % 2],
            toOrgId = pair[1 - (i % 2)],
            level = "bureau",
            startDate = start.ToString("yyyy-MM-dd"),
            endDate = start.AddDays(1).ToString("yyyy-MM-dd"),
            delegationSize = 1 + (i % 9),
            purpose = "benchmark",
            loggedBy = pair[i % 2],
        };
    }

    /// <summary>The integer after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/>.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
