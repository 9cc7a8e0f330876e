using Baoji.Exchange.Grains;
using Baoji.Exchange.Grains.Storage;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Baoji.Exchange.Server.Hosting;

internal static class OrleansSetup
{
    /// <summary>The silo: grain state in Azure Blob storage, membership on localhost or in Azure Table storage.</summary>
    public static void AddBaojiSilo(this WebApplicationBuilder builder, StorageClients storage)
    {
        // Checked here rather than at start: the silo's own option validators (the container name below) would
        // otherwise refuse a bad service id first, with a message that does not name the setting.
        var cluster = builder.Configuration.ReadValidated<ClusterSettings>(ClusterSettings.Section);
        builder.Services.AddOptions<ClusterSettings>().BindConfiguration(ClusterSettings.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.UseOrleans(silo =>
        {
            // Grain calls as spans of the "Microsoft.Orleans.*" sources, children of the request that made them.
            silo.AddActivityPropagation();
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (cluster.Membership == "AzureTable")
            {
                silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort);
                ClusterEndpoints.Configure(silo, cluster);
                silo.UseAzureStorageClustering(o => o.TableServiceClient = storage.Tables);
                silo.Configure<ClusterMembershipOptions>(o => ConfigureFailureDetection(o, cluster));
                // The API calls grains from inside the silo, so the silo's own messaging options are the ones that count
                // (there is no external client whose ClientMessagingOptions would apply).
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(cluster.ResponseTimeoutSeconds));
            }
            else
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                // One silo, its membership table in its own memory: there is no other silo to take over its grains, so
                // failure detection can only ever end the service. It did once: while storage stalled for minutes, the
                // silo declared itself dead and stopped the whole process (a full test run's host).
                silo.Configure<ClusterMembershipOptions>(o => o.LivenessEnabled = false);
            }

            // Blob rather than Table: Orleans' table provider keys every grain's row by the state name, and Azurite
            // looks a row up by its RowKey index first, so each read or write there scans every grain of that kind
            // (ingest fell from 176 to 15 records/s by 80,000 records). Blob names are unique per grain.
            silo.AddBaojiDashboard();
            silo.AddAzureBlobGrainStorage(StorageNames.GrainState, options => options.Configure<Serializer>((o, serializer) =>
            {
                o.BlobServiceClient = storage.Blobs;
                o.ContainerName = StorageNames.GrainStateContainer(cluster.ServiceId);
                // Orleans' own serializer keys members by [Id] and types by [Alias], so renaming a C# type or
                // namespace does not break stored state (the default JSON serializer stores CLR type names).
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
            silo.Services.AddGrainStorage(StorageNames.RecordState, (services, _) => services.GetRequiredService<RowGrainStorage>());
        });

        // One instance for the silo and the audit, which reads the stored records through it.
        builder.Services.AddSingleton(services =>
        {
            var format = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
            var legacy = new LegacyStateBlobs(storage.Blobs.GetBlobContainerClient(StorageNames.GrainStateContainer(cluster.ServiceId)), format);
            return new RowGrainStorage(storage.Tables.GetTableClient(RowGrainStorage.TableName), cluster.ServiceId, format, legacy);
        });
        builder.Services.AddSingleton(services => services.GetRequiredService<RowGrainStorage>().Legacy);
    }

    /// <summary>Fast failure detection for silos on a LAN; see <see cref="ClusterSettings"/> for why each value.</summary>
    private static void ConfigureFailureDetection(ClusterMembershipOptions options, ClusterSettings cluster)
    {
        var probe = TimeSpan.FromMilliseconds(cluster.ProbeTimeoutMilliseconds);
        options.ProbeTimeout = probe;
        // Orleans adapts the probe period to the round trips it sees, between these bounds (its own ratios).
        options.MinProbeTimeout = probe / 2;
        options.MaxProbeTimeout = probe * 4;
        options.NumMissedProbesLimit = cluster.MissedProbesLimit;
        options.NumProbedSilos = cluster.ProbedSilos;
        options.NumVotesForDeathDeclaration = cluster.VotesForDeathDeclaration;
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(cluster.DeathVoteExpirationSeconds);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(cluster.IAmAliveSeconds);
        options.TableRefreshTimeout = TimeSpan.FromSeconds(cluster.TableRefreshSeconds);
    }
}
