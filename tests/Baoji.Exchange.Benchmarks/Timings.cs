using System.Diagnostics;

namespace Baoji.Exchange.Benchmarks;

/// <summary>
/// What one measured phase did: how many operations, how long in all, each operation's latency, and when each ended
/// (seconds from the start, in order), from which the rate of any stretch of the run follows.
/// </summary>
internal sealed record Timings(int Count, TimeSpan Elapsed, double[] SortedMilliseconds, double[] SortedFinishSeconds)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double P50 => SortedMilliseconds[SortedMilliseconds.Length / 2];

    public double P99 => SortedMilliseconds[Math.Min(SortedMilliseconds.Length - 1, (int)(SortedMilliseconds.Length * 0.99))];

    /// <summary>Operations per second over the first <paramref name="window"/> to end.</summary>
    public double FirstRate(int window) => window / SortedFinishSeconds[window - 1];

    /// <summary>Operations per second over the last <paramref name="window"/> to end.</summary>
    public double LastRate(int window) => window / (SortedFinishSeconds[^1] - SortedFinishSeconds[^(window + 1)]);

    /// <summary>Runs <paramref name="operation"/> for 0..count-1, <paramref name="concurrency"/> at a time, timing each.</summary>
    public static async Task<Timings> MeasureAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var times = new double[count];
        var finished = new double[count];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var one = Stopwatch.StartNew();
            await operation(i);
            times[i] = one.Elapsed.TotalMilliseconds;
            finished[i] = watch.Elapsed.TotalSeconds;
        });
        var elapsed = watch.Elapsed;
        Array.Sort(times);
        Array.Sort(finished);
        return new Timings(count, elapsed, times, finished);
    }
}
