using Baoji.Exchange.Grains;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Baoji.Exchange.Server.Hosting;

internal static class OrleansSetup
{
    /// <summary>The silo: grain state in Azure Table storage, membership on localhost or in Azure Table storage.</summary>
    public static void AddBaojiSilo(this WebApplicationBuilder builder, StorageClients storage)
    {
        var cluster = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        builder.Services.AddOptions<ClusterSettings>().BindConfiguration(ClusterSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (cluster.Membership == "AzureTable")
            {
                silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort);
                silo.UseAzureStorageClustering(o => o.TableServiceClient = storage.Tables);
            }
            else
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }

            silo.AddAzureTableGrainStorage(StorageNames.GrainState, options => options.Configure<Serializer>((o, serializer) =>
            {
                o.TableServiceClient = storage.Tables;
                o.TableName = "BaojiGrainState";
                // Orleans' own serializer keys members by [Id] and types by [Alias], so renaming a C# type or
                // namespace does not break stored state (the default JSON serializer stores CLR type names).
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        });
    }
}
