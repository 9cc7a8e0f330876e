namespace Baoji.Exchange.Server.Identity;

/// <summary>Configuration section "Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The bootstrap administrator token. Empty: one is generated at first start and written to <see cref="AdminTokenFile"/>.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Where a generated admin token is written (owner-only). Default: .data/admin-token in the repository.</summary>
    public string? AdminTokenFile { get; set; }
}
