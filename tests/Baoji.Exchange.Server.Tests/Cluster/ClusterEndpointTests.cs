using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Baoji.Exchange.Server.Tests.Cluster;

/// <summary>
/// Nobody but the cluster's own silos reaches a silo: no gateway is opened for the co-hosted API, and in cluster mode
/// the silo port speaks TLS and admits only a peer presenting the cluster's certificate.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ClusterEndpointTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_co_hosted_silo_opens_no_gateway()
    {
        await using var server = new ServerFactory(azurite, SharedServer.NewServiceId("nogw"), loadSeeds: false);
        _ = server.CreateClient();

        Assert.Equal(0, server.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort);
    }

    [Fact]
    public async Task A_client_without_the_cluster_certificate_is_refused_by_the_silo_port()
    {
        using var cluster = ClusterCertificate.Create();
        using var stranger = ClusterCertificate.Create("stranger");
        var siloPort = FreePorts.Take(1)[0];
        await using var server = new ServerFactory(azurite, SharedServer.NewServiceId("tls"), loadSeeds: false)
        {
            Settings = new Dictionary<string, string>
            {
                ["Cluster:Membership"] = "AzureTable",
                ["Cluster:SiloPort"] = $"{siloPort}",
                ["Cluster:TlsCertificatePath"] = cluster.Path,
                ["Cluster:TlsCertificatePassword"] = cluster.Password,
            },
        };
        _ = server.CreateClient();
        var address = server.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.AdvertisedIPAddress;

        Assert.False(await AdmittedAsync(address, siloPort, cluster.Certificate.Thumbprint, null), "A client with no certificate was admitted.");
        Assert.False(await AdmittedAsync(address, siloPort, cluster.Certificate.Thumbprint, stranger.Certificate), "A client with another certificate was admitted.");
        // The control: the cluster's own certificate is admitted, so the refusals above are the certificate check's.
        Assert.True(await AdmittedAsync(address, siloPort, cluster.Certificate.Thumbprint, cluster.Certificate), "A peer with the cluster's certificate was refused.");
    }

    /// <summary>
    /// Opens a TLS connection to the silo port. With TLS 1.3 the server may refuse a client certificate only after the
    /// client thinks the handshake is done, so "admitted" means: the connection is still open a moment later.
    /// </summary>
    private static async Task<bool> AdmittedAsync(IPAddress address, int port, string clusterThumbprint, X509Certificate2? certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address, port);
        await using var tls = new SslStream(tcp.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "baoji-cluster",
                ClientCertificates = certificate is null ? null : [certificate],
                // The silo is one of the cluster's: it presents the cluster's (self-signed) certificate.
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == clusterThumbprint,
            });
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var read = await tls.ReadAsync(new byte[1], wait.Token);
            return read > 0;
        }
        catch (OperationCanceledException)
        {
            // Nothing came and nothing closed: the silo waits for this peer to speak, as it does for a silo.
            return true;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }
}
