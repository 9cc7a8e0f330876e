using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>
/// Who may reach the silo's ports. The HTTP API runs in the silo, so nobody but other silos of the cluster needs them:
/// no gateway unless configured, and in cluster mode either TLS with the cluster's pinned certificate or a bind to a
/// private address.
/// </summary>
internal static class ClusterEndpoints
{
    public static void Configure(ISiloBuilder silo, ClusterSettings cluster)
    {
        if (cluster.Membership != "AzureTable")
        {
            // UseLocalhostClustering binds the loopback address; GatewayPort 0 opens no gateway.
            return;
        }

        if (cluster.SiloAddress is { Length: > 0 } address)
        {
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = IPAddress.Parse(address);
                o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Parse(address), cluster.SiloPort);
                o.GatewayListeningEndpoint = cluster.GatewayPort == 0 ? null : new IPEndPoint(IPAddress.Parse(address), cluster.GatewayPort);
            });
        }

        if (cluster.TlsCertificatePath is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, cluster.TlsCertificatePassword);
            silo.UseTls(certificate, tls =>
            {
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                // Every silo of the cluster carries the one certificate: a peer is one of us exactly when it presents it.
                // Pinning needs no certificate authority on the silos' machines.
                tls.RemoteCertificateValidation = (remote, _, _) => remote is not null && remote.Thumbprint == certificate.Thumbprint;
                tls.OnAuthenticateAsClient = (_, options) => options.TargetHost = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            });
        }
    }

    public static bool IsPrivate(string address)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        if (IPAddress.IsLoopback(ip))
        {
            return true;
        }

        var bytes = ip.GetAddressBytes();
        return ip.AddressFamily == AddressFamily.InterNetwork
            ? bytes[0] == 10 || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31) || (bytes[0] == 192 && bytes[1] == 168)
            : (bytes[0] & 0xFE) == 0xFC;
    }
}
