using System.ComponentModel.DataAnnotations;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>How the silo finds its peers (configuration section "Cluster").</summary>
public sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary>"Localhost" (one silo, the default) or "AzureTable" (membership in Azure Table storage, for several silos).</summary>
    [Required, RegularExpression("^(Localhost|AzureTable)$", ErrorMessage = "Cluster:Membership must be Localhost or AzureTable.")]
    public string Membership { get; set; } = "Localhost";

    [Required, RegularExpression("^[A-Za-z0-9-]{1,60}$", ErrorMessage = "Cluster:ClusterId must be 1–60 letters, digits or dashes.")]
    public string ClusterId { get; set; } = "baoji-exchange";

    /// <summary>
    /// Part of every stored key (it names the grain state's blob container): keep it stable across releases.
    /// Lower case and single dashes only, because blob container names allow nothing else.
    /// </summary>
    [Required, StringLength(50, ErrorMessage = "Cluster:ServiceId must be at most 50 characters.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Cluster:ServiceId must be lower-case letters and digits, in words joined by single dashes.")]
    public string ServiceId { get; set; } = "baoji-exchange";

    [Range(1, 65535, ErrorMessage = "Cluster:SiloPort must be a port between 1 and 65535.")]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535, ErrorMessage = "Cluster:GatewayPort must be a port between 1 and 65535.")]
    public int GatewayPort { get; set; } = 30000;
}
