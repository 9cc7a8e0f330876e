using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Tests.Hosting;

/// <summary>
/// A bad setting stops the start with a message that names it: every options class is registered one way
/// (bound, data annotations checked, at start; see ValidatedOptions), so each of its [Range] and [Required] counts.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConfigurationTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Cluster:Membership", "Zookeeper", "Cluster:Membership must be Localhost or AzureTable.")]
    [InlineData("Cluster:ServiceId", "has spaces", "Cluster:ServiceId must be lower-case letters and digits, in words joined by single dashes.")]
    [InlineData("Cluster:ServiceId", "Upper--Case", "Cluster:ServiceId must be lower-case letters and digits, in words joined by single dashes.")]
    [InlineData("Cluster:ProbeTimeoutMilliseconds", "10", "Cluster:ProbeTimeoutMilliseconds must be between 50 and 60000.")]
    [InlineData("Cluster:VotesForDeathDeclaration", "11", "Cluster:VotesForDeathDeclaration must not exceed Cluster:ProbedSilos.")]
    [InlineData("Cluster:DeathVoteExpirationSeconds", "3", "Cluster:DeathVoteExpirationSeconds must exceed 4 × Cluster:ProbeTimeoutMilliseconds × Cluster:MissedProbesLimit.")]
    [InlineData("Cluster:Membership", "AzureTable", "With Cluster:Membership=AzureTable set Cluster:TlsCertificatePath (TLS between silos) or Cluster:SiloAddress")]
    [InlineData("Cluster:SiloAddress", "8.8.8.8", "Cluster:SiloAddress must be a private IP address")]
    [InlineData("Auth:AdminToken", "short", "Auth:AdminToken must be at least 16 characters")]
    [InlineData("Auth:LockoutMinutes", "0", "Auth:LockoutMinutes must be between 1 and 1440.")]
    [InlineData("Auth:SignInIdleMinutes", "100000", "Auth:SignInIdleMinutes must be between 5 and 10080.")]
    [InlineData("Projection:RepairIntervalSeconds", "0", "Projection:RepairIntervalSeconds must be between 1 and 3600.")]
    [InlineData("RateLimits:WindowSeconds", "7200", "RateLimits:WindowSeconds must be between 1 and 3600.")]
    public async Task Options_are_validated_at_start(string setting, string value, string message)
    {
        await using var server = new ServerFactory(azurite, $"cfg-{Guid.NewGuid():N}"[..20], loadSeeds: false)
        {
            Settings = new Dictionary<string, string> { [setting] = value },
        };

        var error = Assert.Throws<OptionsValidationException>(() => server.CreateClient());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:TablePort", "70000", "Storage:TablePort must be a port between 1 and 65535.")]
    [InlineData("Storage:StartupTimeoutSeconds", "0", "Storage:StartupTimeoutSeconds must be between 1 and 600.")]
    [InlineData("Storage:BlobPort", "10002", "Storage:BlobPort, Storage:QueuePort and Storage:TablePort must differ.")]
    public async Task A_bad_storage_setting_is_refused_before_anything_starts(string setting, string value, string message)
    {
        await using var server = new ServerFactory(azurite, $"cfg-{Guid.NewGuid():N}"[..20], loadSeeds: false)
        {
            Settings = new Dictionary<string, string> { [setting] = value },
        };

        var error = Assert.Throws<OptionsValidationException>(() => server.CreateClient());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
