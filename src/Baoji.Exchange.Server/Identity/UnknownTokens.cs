using Microsoft.Extensions.Caching.Memory;

namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// Token id + secret pairs that were just found unknown (or revoked), remembered for a short while so that a client
/// repeating a made-up token does not activate a token grain on every request. Keyed by the pair, not the id alone,
/// so a wrong secret sent for a real id cannot lock its owner out. Bounded: when full, nothing more is remembered.
/// </summary>
public sealed class UnknownTokens : IDisposable
{
    public static readonly TimeSpan Remembered = TimeSpan.FromSeconds(30);

    private const int Capacity = 10_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool IsKnownUnknown(string tokenId, string secretHash) => _cache.TryGetValue(Key(tokenId, secretHash), out _);

    public void Remember(string tokenId, string secretHash) =>
        _cache.Set(Key(tokenId, secretHash), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Remembered });

    public void Dispose() => _cache.Dispose();

    private static string Key(string tokenId, string secretHash) => $"{tokenId}.{secretHash}";
}
