using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Seeding;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;

namespace Baoji.Exchange.Server.Seeding;

/// <summary>
/// Loads an exchange log through the same <see cref="LedgerService"/> the API uses, as the administrator logging
/// for the seed's organisations. Each step carries an Idempotency-Key derived from the seed id, so loading the
/// log again (or after an interruption) finds every record, confirmation and signature already there.
/// </summary>
public sealed partial class LedgerSeedLoader(LedgerService ledger, IGrainFactory grains, ILogger<LedgerSeedLoader> logger)
{
    private static readonly Caller Seeder = new(null, IsAdmin: true);

    public async Task<int> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var status = grains.GetGrain<ISeedStatusGrain>(Path.GetFileName(path));
        if (await status.IsLoaded(hash))
        {
            LogAlreadyLoaded(logger, path);
            return 0;
        }

        var seed = JsonSerializer.Deserialize<LedgerSeed>(bytes, SeedJson.Options) ?? throw new InvalidDataException($"{path} is empty.");
        await Parallel.ForEachAsync(seed.Records, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (record, token) => await LoadRecordAsync(record, token));
        await status.MarkLoaded(hash);
        LogLoaded(logger, path, seed.Records.Count);
        return seed.Records.Count;
    }

    private async Task LoadRecordAsync(LedgerSeedRecord seed, CancellationToken cancellationToken)
    {
        var kind = RecordCollections.KindOf(seed.Collection) ?? throw new InvalidDataException($"{seed.SeedId}: unknown collection {seed.Collection}");
        var body = (JsonObject)seed.Body.DeepClone();
        body["loggedBy"] = seed.LoggedBy;
        var request = (IRecordRequest)body.Deserialize(LedgerService.RequestType(kind), SeedJson.Options)!;
        var created = Check(seed, await ledger.CreateAsync(kind, request, Seeder, seed.SeedId, cancellationToken));
        foreach (var signature in seed.Signatures ?? [])
        {
            Check(seed, await ledger.SignAsync(created.Id, new SignatureRequest(signature.OrgId, signature.SignedOn), Seeder,
                $"{seed.SeedId}:sign:{signature.OrgId}", cancellationToken), alreadyDone: true);
        }

        if (seed.ConfirmedBy is not null)
        {
            Check(seed, await ledger.ConfirmAsync(kind, created.Id, new ConfirmationRequest(seed.ConfirmedBy), Seeder,
                $"{seed.SeedId}:confirm", cancellationToken), alreadyDone: true);
        }
    }

    /// <param name="alreadyDone">A 409 means the step's effect is there already (signing confirms an agreement).</param>
    private static LedgerRecord Check(LedgerSeedRecord seed, LedgerOutcome outcome, bool alreadyDone = false)
    {
        if (outcome.Record is { } record)
        {
            return record;
        }

        if (alreadyDone && outcome.Status == 409)
        {
            return null!;
        }

        var errors = string.Join("; ", outcome.Errors!.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        throw new InvalidDataException($"Seed record {seed.SeedId} was refused ({outcome.Status}): {errors}");
    }

    [LoggerMessage(EventId = 1211, EventName = "LedgerSeedAlreadyLoaded", Level = LogLevel.Information, Message = "Seed {Path} was loaded before; nothing to do")]
    private static partial void LogAlreadyLoaded(ILogger logger, string path);

    [LoggerMessage(EventId = 1212, EventName = "LedgerSeedLoaded", Level = LogLevel.Information, Message = "Seed {Path}: {Records} records loaded")]
    private static partial void LogLoaded(ILogger logger, string path, int records);
}
