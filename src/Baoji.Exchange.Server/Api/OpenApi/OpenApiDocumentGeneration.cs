using System.Reflection;

namespace Baoji.Exchange.Server.Api.OpenApi;

/// <summary>
/// The build writes the OpenAPI document by running the app's entry point under GetDocument.Insider
/// (Microsoft.Extensions.ApiDescription.Server). That run only needs the endpoints and the services their handlers
/// take: it must not start Azurite, the silo, the seeds or any other hosted service, nor reach storage.
/// </summary>
internal static class OpenApiDocumentGeneration
{
    /// <summary>True when the process is the build's document generator, not a server.</summary>
    public static bool IsRunning { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>Storage clients are only constructed, never called, while the document is written: no account is reached.</summary>
    public const string UnusedStorage = "UseDevelopmentStorage=true";

    /// <summary>While the document is written, nothing starts: the generator asks the built host for the document only.</summary>
    public static void RemoveHostedServices(IServiceCollection services)
    {
        if (!IsRunning)
        {
            return;
        }

        foreach (var hosted in services.Where(s => s.ServiceType == typeof(IHostedService)).ToList())
        {
            services.Remove(hosted);
        }
    }
}
