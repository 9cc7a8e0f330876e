namespace Baoji.Exchange.Server.Seeding;

/// <summary>Configuration section "Seeds".</summary>
public sealed class SeedOptions
{
    public const string Section = "Seeds";

    /// <summary>The folder with registry.json and the exchange logs. Default: seeds/ of the repository, else the seeds/ shipped beside the binaries.</summary>
    public string? Directory { get; set; }

    /// <summary>Load the seeds at start when they have not been loaded (default true).</summary>
    public bool LoadOnStart { get; set; } = true;

    /// <summary>Also load the exchange logs (ledger-*.json), not only the registry (default true).</summary>
    public bool LoadLedger { get; set; } = true;
}
