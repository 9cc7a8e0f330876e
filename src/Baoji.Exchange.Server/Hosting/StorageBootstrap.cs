namespace Baoji.Exchange.Server.Hosting;

/// <summary>Decides which storage the server uses, starting Azurite when none is configured.</summary>
internal static class StorageBootstrap
{
    /// <summary>Returns the connection string in use; registers the Azurite lifetime when it started one.</summary>
    public static async Task<string> ResolveAsync(WebApplicationBuilder builder, ILogger logger)
    {
        // Needed now, before the host exists: read and validated as at start (ValidatedOptions), and registered the same way.
        var options = builder.Configuration.ReadValidated<StorageOptions>(StorageOptions.Section);
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            HostingLog.StorageConfigured(logger);
            return options.ConnectionString;
        }

        var infra = options.AzuriteDirectory ?? RepositoryPaths.Find("infra")
            ?? throw new InvalidOperationException(
                "No Storage:ConnectionString is configured and infra/ (with Azurite's package.json) was not found; " +
                "run from the repository or set Storage:AzuriteDirectory.");
        // "-2": since layout 2 grain state lives in blobs, not in a table. A folder written by an earlier build stays
        // untouched beside it instead of being seeded a second time under records it no longer knows.
        var data = options.DataDirectory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(infra))!, ".data", "azurite-2");
        var azurite = await AzuriteProcess.StartAsync(
            infra, data, options.BlobPort, options.QueuePort, options.TablePort,
            TimeSpan.FromSeconds(options.StartupTimeoutSeconds), logger);
        builder.Services.AddSingleton(azurite);
        builder.Services.AddHostedService<AzuriteLifetime>();
        return azurite.ConnectionString;
    }
}
