using System.Text;

namespace Baoji.Exchange.Grains.Storage;

/// <summary>Helpers for stored keys: they must give the same answer in every process and every release.</summary>
public static class StableKeys
{
    /// <summary>
    /// Which of <paramref name="buckets"/> the text falls in, by FNV-1a of its UTF-8 bytes: stable across processes and
    /// releases, unlike string.GetHashCode. Part of stored keys wherever it is used: changing it strands stored rows.
    /// </summary>
    public static int Bucket(string text, int buckets)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)buckets);
    }

    /// <summary>The first key after every key that starts with <paramref name="prefix"/> (for a range query).</summary>
    public static string UpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
