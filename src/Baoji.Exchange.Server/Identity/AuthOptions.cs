using System.ComponentModel.DataAnnotations;

namespace Baoji.Exchange.Server.Identity;

/// <summary>Configuration section "Auth".</summary>
public sealed partial class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The bootstrap administrator token. Empty: one is generated at first start and written to <see cref="AdminTokenFile"/>.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Where a generated admin token is written (owner-only). Default: .data/admin-token in the repository.</summary>
    public string? AdminTokenFile { get; set; }

    /// <summary>
    /// The password of the administrator's account "admin". Empty: one is generated when the account is first created
    /// and written to <see cref="AdminPasswordFile"/> (unless <see cref="AdminToken"/> is configured: an operator who
    /// configures the secrets configures this one too, and no file is written).
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>Where a generated admin password is written (owner-only). Default: admin-password beside the admin token file.</summary>
    public string? AdminPasswordFile { get; set; }

    /// <summary>Wrong passwords in a row that lock an account.</summary>
    [Range(1, 100, ErrorMessage = "Auth:LockoutMaxFailedAttempts must be between 1 and 100.")]
    public int LockoutMaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    [Range(1, 1440, ErrorMessage = "Auth:LockoutMinutes must be between 1 and 1440.")]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a sign-in lasts without a request (sliding: each request renews it).</summary>
    [Range(5, 10080, ErrorMessage = "Auth:SignInIdleMinutes must be between 5 and 10080.")]
    public int SignInIdleMinutes { get; set; } = 120;

    /// <summary>
    /// The admin token file: the configured one, else .data/admin-token in the repository, else in the working
    /// directory (a published server: the service's working directory, e.g. its systemd StateDirectory).
    /// </summary>
    public string EffectiveAdminTokenFile => AdminTokenFile
        ?? Path.Combine(
            Hosting.RepositoryPaths.Find("seeds") is { } seeds ? Path.GetDirectoryName(seeds)! : Directory.GetCurrentDirectory(),
            ".data",
            "admin-token");

    public string EffectiveAdminPasswordFile => AdminPasswordFile
        ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(EffectiveAdminTokenFile))!, "admin-password");
}
