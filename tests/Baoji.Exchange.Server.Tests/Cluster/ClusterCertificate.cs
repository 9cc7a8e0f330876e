using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Baoji.Exchange.Server.Tests.Cluster;

/// <summary>A self-signed certificate in a password-protected .pfx file, as an operator would give each silo of a cluster.</summary>
public sealed class ClusterCertificate : IDisposable
{
    private ClusterCertificate(string path, string password, X509Certificate2 certificate)
    {
        Path = path;
        Password = password;
        Certificate = certificate;
    }

    public string Path { get; }

    public string Password { get; }

    public X509Certificate2 Certificate { get; }

    public static ClusterCertificate Create(string subject = "baoji-cluster")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"baoji-{subject}-{Guid.NewGuid():N}.pfx");
        var pfx = created.Export(X509ContentType.Pfx, password);
        File.WriteAllBytes(path, pfx);
        return new ClusterCertificate(path, password, X509CertificateLoader.LoadPkcs12(pfx, password));
    }

    public void Dispose()
    {
        Certificate.Dispose();
        File.Delete(Path);
    }
}
