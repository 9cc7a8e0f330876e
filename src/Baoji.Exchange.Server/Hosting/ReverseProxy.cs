using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>
/// The reverse proxy in front of the server (configuration section "ReverseProxy"): from which addresses
/// X-Forwarded-For and X-Forwarded-Proto are believed. By default only from this machine (a proxy such as nginx on the
/// same host); a proxy elsewhere is named here. Behind it, the sign-in and antiforgery cookies are marked Secure when
/// the client spoke HTTPS to the proxy, and rate limits count the client's address, not the proxy's.
/// </summary>
public sealed class ReverseProxyOptions : IValidatableObject
{
    public const string Section = "ReverseProxy";

    /// <summary>Addresses of trusted proxies besides loopback, e.g. "10.0.0.5".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies besides loopback, in CIDR notation, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row are read from the headers.</summary>
    [Range(1, 10)] public int ForwardLimit { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var address in KnownProxies.Where(a => !IPAddress.TryParse(a, out _)))
        {
            yield return new ValidationResult($"{Section}:KnownProxies: '{address}' is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"{Section}:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/24).", [nameof(KnownNetworks)]);
        }
    }
}

internal static class ReverseProxy
{
    public static IServiceCollection AddBaojiReverseProxy(this IServiceCollection services)
    {
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            // Not X-Forwarded-Host: links and redirects are relative, and a host header is the proxy's own business.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = proxy.Value.ForwardLimit;
            foreach (var address in proxy.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }
}
