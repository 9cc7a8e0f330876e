using System.ComponentModel.DataAnnotations;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>How the silo finds its peers and how fast it gives up on one (configuration section "Cluster").</summary>
public sealed class ClusterSettings : IValidatableObject
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

    /// <summary>
    /// 0 (the default): no gateway. The API calls grains from inside the silo, so no Orleans client needs one, and an
    /// open gateway would let whoever reaches it call grains directly (issue a token, say). Set a port only for an
    /// external Orleans client, and then in cluster mode with TLS.
    /// </summary>
    [Range(0, 65535, ErrorMessage = "Cluster:GatewayPort must be 0 (no gateway) or a port up to 65535.")]
    public int GatewayPort { get; set; }

    /// <summary>
    /// AzureTable mode: a PKCS#12 (.pfx) file with the cluster's certificate. Silos talk TLS and accept only a peer
    /// that presents this same certificate (pinned by thumbprint), so a process without it cannot join or call grains.
    /// </summary>
    public string? TlsCertificatePath { get; set; }

    public string? TlsCertificatePassword { get; set; }

    /// <summary>
    /// AzureTable mode without TLS: the private address (loopback, 10/8, 172.16/12, 192.168/16, fc00::/7) the silo binds
    /// and advertises, so its port is reachable only from that network. Without TLS and without it the server refuses to start.
    /// </summary>
    public string? SiloAddress { get; set; }

    // Failure detection, used with AzureTable membership only (one silo has no peer to lose). Orleans' defaults
    // (5 s probes, a 60 s table refresh, 30 s heartbeats) suit a WAN and take about 11 s on loopback from a silo's
    // death to the first write the survivors complete: while a dead silo is still a member, the grains and the
    // directory partitions it held cannot be reached. These defaults assume a LAN, where a probe answers in
    // milliseconds; on a slower network raise ProbeTimeoutMilliseconds first.

    /// <summary>Initial liveness probe timeout, also the period between probes (Orleans: ProbeTimeout, default 5000).</summary>
    [Range(50, 60_000, ErrorMessage = "Cluster:ProbeTimeoutMilliseconds must be between 50 and 60000.")]
    public int ProbeTimeoutMilliseconds { get; set; } = 250;

    /// <summary>Missed probes in a row after which a silo votes its peer dead (Orleans: NumMissedProbesLimit, default 3).</summary>
    [Range(1, 10, ErrorMessage = "Cluster:MissedProbesLimit must be between 1 and 10.")]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How many peers each silo probes (Orleans: NumProbedSilos, default 10).</summary>
    [Range(1, 100, ErrorMessage = "Cluster:ProbedSilos must be between 1 and 100.")]
    public int ProbedSilos { get; set; } = 10;

    /// <summary>
    /// Votes that declare a silo dead (Orleans: NumVotesForDeathDeclaration, default 2). Orleans needs no more than
    /// half the active silos, so with two silos the survivor's own vote is enough.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Cluster:VotesForDeathDeclaration must be between 1 and 100.")]
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a death vote stays valid (Orleans: DeathVoteExpirationTimeout, default 120).</summary>
    [Range(1, 3600, ErrorMessage = "Cluster:DeathVoteExpirationSeconds must be between 1 and 3600.")]
    public int DeathVoteExpirationSeconds { get; set; } = 30;

    /// <summary>
    /// Period of a silo's heartbeat in the table (Orleans: IAmAliveTablePublishTimeout, default 30); three missed
    /// ones mark its row stale, which is how a silo that died while nobody probed it is recognised.
    /// </summary>
    [Range(1, 600, ErrorMessage = "Cluster:IAmAliveSeconds must be between 1 and 600.")]
    public int IAmAliveSeconds { get; set; } = 5;

    /// <summary>Period of reading the whole membership table (Orleans: TableRefreshTimeout, default 60); gossip is faster, this is the fallback.</summary>
    [Range(1, 600, ErrorMessage = "Cluster:TableRefreshSeconds must be between 1 and 600.")]
    public int TableRefreshSeconds { get; set; } = 10;

    /// <summary>
    /// How long a grain call waits for its answer (Orleans: ResponseTimeout, default 30). Calls to a silo declared dead
    /// fail at once; this bounds the rest (a silo that hangs without dying). Commands have their own 10 s per attempt.
    /// </summary>
    [Range(1, 600, ErrorMessage = "Cluster:ResponseTimeoutSeconds must be between 1 and 600.")]
    public int ResponseTimeoutSeconds { get; set; } = 15;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SiloAddress is { Length: > 0 } && !ClusterEndpoints.IsPrivate(SiloAddress))
        {
            yield return new ValidationResult("Cluster:SiloAddress must be a private IP address (loopback, 10/8, 172.16/12, 192.168/16 or fc00::/7).",
                [nameof(SiloAddress)]);
        }

        if (Membership == "AzureTable" && string.IsNullOrWhiteSpace(TlsCertificatePath) && string.IsNullOrWhiteSpace(SiloAddress))
        {
            yield return new ValidationResult(
                "With Cluster:Membership=AzureTable set Cluster:TlsCertificatePath (TLS between silos) or Cluster:SiloAddress (a private address to bind): the silo port must not be open to any client.",
                [nameof(TlsCertificatePath)]);
        }

        if (TlsCertificatePath is { Length: > 0 } path && !File.Exists(path))
        {
            yield return new ValidationResult($"Cluster:TlsCertificatePath: no file {path}.", [nameof(TlsCertificatePath)]);
        }

        if (VotesForDeathDeclaration > ProbedSilos)
        {
            yield return new ValidationResult("Cluster:VotesForDeathDeclaration must not exceed Cluster:ProbedSilos.",
                [nameof(VotesForDeathDeclaration)]);
        }

        // A vote must outlive the longest detection window (Orleans stretches a probe up to four times its
        // timeout), or votes of different silos never stand together and nobody is ever declared dead.
        if (DeathVoteExpirationSeconds * 1000L <= 4L * ProbeTimeoutMilliseconds * MissedProbesLimit)
        {
            yield return new ValidationResult(
                "Cluster:DeathVoteExpirationSeconds must exceed 4 × Cluster:ProbeTimeoutMilliseconds × Cluster:MissedProbesLimit.",
                [nameof(DeathVoteExpirationSeconds)]);
        }
    }
}
