using System.Security.Cryptography;
using System.Text;

namespace Baoji.Exchange.Server.Identity;

/// <summary>The hash of the administrator token in force, set once at start.</summary>
public sealed class AdminCredential
{
    private volatile string? _hash;

    public bool IsReady => _hash is not null;

    public void Set(string hash) => _hash = hash;

    public bool Matches(string token) =>
        _hash is { } hash
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(TokenFormat.Hash(token)));
}
