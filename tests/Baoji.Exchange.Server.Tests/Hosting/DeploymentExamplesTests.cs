using Baoji.Exchange.Server.Hosting;

namespace Baoji.Exchange.Server.Tests.Hosting;

/// <summary>The connection strings of infra/deploy's example reach the cloud they name: global Azure, or Azure in China.</summary>
public sealed class DeploymentExamplesTests
{
    [Theory]
    [InlineData("core.windows.net")]
    [InlineData("core.chinacloudapi.cn")]
    public void The_example_connection_string_of_each_cloud_gives_its_endpoints(string suffix)
    {
        var example = File.ReadAllLines(Path.Combine(RepositoryPaths.Find("infra")!, "deploy", "baoji-exchange.env.example"))
            .Select(l => l.TrimStart('#'))
            .Single(l => l.StartsWith("Storage__ConnectionString=", StringComparison.Ordinal) && l.EndsWith($"EndpointSuffix={suffix}", StringComparison.Ordinal));
        var connectionString = example["Storage__ConnectionString=".Length..].Replace("<key>", Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);

        var clients = new StorageClients(connectionString);

        Assert.Equal($"baojiexchange.blob.{suffix}", clients.Blobs.Uri.Host);
        Assert.Equal($"baojiexchange.table.{suffix}", clients.Tables.Uri.Host);
        Assert.Equal("https", clients.Blobs.Uri.Scheme);
    }
}
