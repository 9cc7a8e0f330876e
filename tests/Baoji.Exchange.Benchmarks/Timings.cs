using System.Diagnostics;

namespace Baoji.Exchange.Benchmarks;

/// <summary>What one measured phase did: how many operations, how long in all, and each operation's latency.</summary>
internal sealed record Timings(int Count, TimeSpan Elapsed, double[] SortedMilliseconds)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double P50 => SortedMilliseconds[SortedMilliseconds.Length / 2];

    public double P99 => SortedMilliseconds[Math.Min(SortedMilliseconds.Length - 1, (int)(SortedMilliseconds.Length * 0.99))];

    /// <summary>Runs <paramref name="operation"/> for 0..count-1, <paramref name="concurrency"/> at a time, timing each.</summary>
    public static async Task<Timings> MeasureAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var times = new double[count];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var one = Stopwatch.StartNew();
            await operation(i);
            times[i] = one.Elapsed.TotalMilliseconds;
        });
        var elapsed = watch.Elapsed;
        Array.Sort(times);
        return new Timings(count, elapsed, times);
    }
}
