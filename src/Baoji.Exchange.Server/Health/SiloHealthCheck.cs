using Baoji.Exchange.Contracts.Registry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Baoji.Exchange.Server.Health;

/// <summary>Ready when a grain call (which reads grain storage) completes: the silo runs and storage answers.</summary>
internal sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IOrganizationDirectoryGrain>(IOrganizationDirectoryGrain.RootKey).List().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The silo did not answer a grain call.", e);
        }
    }
}
