using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Tests.Hosting;

/// <summary>A bad setting stops the start with a message that names it.</summary>
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
    public async Task Options_are_validated_at_start(string setting, string value, string message)
    {
        await using var server = new ServerFactory(azurite, $"cfg-{Guid.NewGuid():N}"[..20], loadSeeds: false)
        {
            Settings = new Dictionary<string, string> { [setting] = value },
        };

        var error = Assert.Throws<OptionsValidationException>(() => server.CreateClient());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_storage_setting_is_refused_before_anything_starts()
    {
        await using var server = new ServerFactory(azurite, $"cfg-{Guid.NewGuid():N}"[..20], loadSeeds: false)
        {
            Settings = new Dictionary<string, string> { ["Storage:TablePort"] = "70000" },
        };

        var error = Assert.Throws<InvalidOperationException>(() => server.CreateClient());

        Assert.Contains("Storage:TablePort must be a port between 1 and 65535", error.Message, StringComparison.Ordinal);
    }
}
