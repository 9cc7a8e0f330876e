using System.Security.Cryptography;
using System.Text;

namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// Tokens look like "bx1.&lt;tokenId&gt;.&lt;secret&gt;": the id finds the stored record (and lets an admin revoke
/// it), the secret is only ever stored as its SHA-256 hash. Secrets are 256 random bits, so a fast hash suffices.
/// </summary>
public static class TokenFormat
{
    private const string Prefix = "bx1";

    public static (string TokenId, string Token) Create()
    {
        var tokenId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (tokenId, $"{Prefix}.{tokenId}.{secret}");
    }

    public static string NewAdminToken() => "bxadmin." + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static bool TryParse(string token, out string tokenId, out string secret)
    {
        var parts = token.Split('.');
        if (parts is [Prefix, { Length: 16 } id, { Length: > 0 } s] && id.All(char.IsAsciiHexDigitLower))
        {
            (tokenId, secret) = (id, s);
            return true;
        }

        (tokenId, secret) = (string.Empty, string.Empty);
        return false;
    }

    public static string SecretOf(string token) => TryParse(token, out _, out var secret) ? secret : token;

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
