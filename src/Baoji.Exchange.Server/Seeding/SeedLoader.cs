using System.Security.Cryptography;
using System.Text.Json;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Contracts.Seeding;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Registry;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Seeding;

/// <summary>
/// Loads seeds/ into the grains. Every step is an idempotent upsert, so a load interrupted half-way is simply
/// repeated at the next start; a file whose content was loaded completely is not loaded again.
/// </summary>
public sealed partial class SeedLoader(IOptions<SeedOptions> options, IGrainFactory grains, RegistryReader registry, ILogger<SeedLoader> logger)
{
    public const string RegistryFile = "registry.json";

    public string? SeedDirectory => options.Value.Directory ?? RepositoryPaths.FindOrShipped("seeds");

    public async Task LoadRegistryAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(SeedDirectory ?? throw new InvalidOperationException("seeds/ not found; set Seeds:Directory."), RegistryFile);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var status = grains.GetGrain<ISeedStatusGrain>(RegistryFile);
        if (await status.IsLoaded(hash))
        {
            LogAlreadyLoaded(logger, path);
            return;
        }

        var seed = JsonSerializer.Deserialize<RegistrySeed>(bytes, SeedJson.Options)
            ?? throw new InvalidDataException($"{path} is empty.");
        var changed = 0;
        // Parents before children: a directory entry is written by the child's upsert.
        foreach (var organization in seed.Organizations.OrderBy(o => o.Kind))
        {
            if (await grains.GetGrain<IOrganizationGrain>(organization.Id).Upsert(organization))
            {
                changed++;
            }
        }

        foreach (var pairing in seed.Pairings)
        {
            var cityA = await registry.CityOfAsync(pairing.PartyIds[0]) ?? throw new InvalidDataException($"{pairing.Id}: unknown party {pairing.PartyIds[0]}");
            var cityB = await registry.CityOfAsync(pairing.PartyIds[1]) ?? throw new InvalidDataException($"{pairing.Id}: unknown party {pairing.PartyIds[1]}");
            var result = await grains.GetGrain<IPartnershipGrain>(RegistryReader.PartnershipKey(cityA, cityB)).AddPairing(pairing.ToPairing());
            if (result.Created)
            {
                changed++;
            }
        }

        await status.MarkLoaded(hash);
        LogLoaded(logger, path, seed.Organizations.Count, seed.Pairings.Count, changed);
    }

    [LoggerMessage(EventId = 1201, EventName = "SeedAlreadyLoaded", Level = LogLevel.Information, Message = "Seed {Path} was loaded before; nothing to do")]
    private static partial void LogAlreadyLoaded(ILogger logger, string path);

    [LoggerMessage(EventId = 1202, EventName = "SeedLoaded", Level = LogLevel.Information, Message = "Seed {Path}: {Organizations} organisations, {Pairings} pairings, {Changed} written")]
    private static partial void LogLoaded(ILogger logger, string path, int organizations, int pairings, int changed);
}

/// <summary>The seed files use the API's JSON conventions.</summary>
internal static class SeedJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}
