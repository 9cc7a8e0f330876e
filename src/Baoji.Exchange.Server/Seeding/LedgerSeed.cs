using System.Text.Json.Nodes;

namespace Baoji.Exchange.Server.Seeding;

/// <summary>The shape of seeds/ledger-*.json: records as the API takes them, with who logs, confirms and signs.</summary>
public sealed record LedgerSeed(IReadOnlyList<LedgerSeedRecord> Records);

public sealed record LedgerSeedRecord(
    string SeedId, string Collection, string LoggedBy, string? ConfirmedBy, bool Illustrative, string? Note,
    JsonObject Body, IReadOnlyList<SeedSignature>? Signatures);

public sealed record SeedSignature(string OrgId, DateOnly SignedOn);
