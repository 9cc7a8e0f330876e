using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Baoji.Exchange.Server.Accounts;

/// <summary>
/// Password hashes through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2 with a random salt,
/// format marker and iteration count in the hash), so no password is ever stored or compared as text.
/// </summary>
public sealed class AccountPasswords
{
    private readonly PasswordHasher<AccountPasswords> _hasher = new();

    /// <summary>A hash of a password no one knows: verified against when the login is unknown, so that takes as long.</summary>
    private readonly string _decoy;

    public AccountPasswords() => _decoy = Hash(Guid.NewGuid().ToString("N"));

    public string Hash(string password) => _hasher.HashPassword(this, password);

    /// <summary>Does the password match? <c>Rehashed</c> is a new hash when the stored one uses outdated parameters.</summary>
    public (bool Matches, string? Rehashed) Verify(string hash, string password) => _hasher.VerifyHashedPassword(this, hash, password) switch
    {
        PasswordVerificationResult.Success => (true, null),
        PasswordVerificationResult.SuccessRehashNeeded => (true, Hash(password)),
        _ => (false, null),
    };

    /// <summary>A new random password (96 bits, 16 URL-safe characters) for an account created without one.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');

    /// <summary>Spends the time of a verification for a login that does not exist.</summary>
    public void VerifyDecoy(string password) => _hasher.VerifyHashedPassword(this, _decoy, password);
}
