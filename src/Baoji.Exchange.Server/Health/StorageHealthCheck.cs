using Baoji.Exchange.Server.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Baoji.Exchange.Server.Health;

/// <summary>Ready when the table and blob services of the storage account answer.</summary>
internal sealed class StorageHealthCheck(StorageClients storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await foreach (var _ in storage.Tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages().WithCancellation(timeout.Token))
            {
                break;
            }

            await storage.Blobs.GetPropertiesAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Storage did not answer.", e);
        }
    }
}
