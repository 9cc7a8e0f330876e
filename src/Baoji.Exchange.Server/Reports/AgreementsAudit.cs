using Baoji.Exchange.Contracts.Figures;

namespace Baoji.Exchange.Server.Reports;

/// <summary>
/// The partnership's agreement register against the agreements' stored state: an entry that counts must be the one
/// the stored agreement gives (signed, term, termination, confirmation); one that does not count is as good as none.
/// The version is not compared: a change that moves nothing the figures read (a document attached) need not show.
/// </summary>
public sealed class AgreementsAudit(IGrainFactory grains)
{
    public async Task<IReadOnlyList<AgreementFinding>> CompareAsync(YearTruth truth)
    {
        var entries = (await grains.GetGrain<IAgreementRegisterGrain>(truth.Partnership).Entries())
            .ToDictionary(e => e.RecordId, StringComparer.Ordinal);
        var findings = new List<AgreementFinding>();
        foreach (var recordId in truth.Agreements.Keys.Union(entries.Keys).Order(StringComparer.Ordinal))
        {
            var expected = truth.Agreements.GetValueOrDefault(recordId);
            var held = entries.GetValueOrDefault(recordId);
            if (Same(Counting(expected), Counting(held)))
            {
                continue;
            }

            var stored = truth.Versions.TryGetValue(recordId, out var version)
                ? $"the stored agreement (version {version}): {Describe(Counting(expected))}"
                : "no such record is stored";
            findings.Add(new AgreementFinding(
                AuditDifference.OfRecord(AuditDifferenceKind.Agreement, recordId, $"register: {Describe(Counting(held))}; {stored}"),
                expected, held));
        }

        return findings;
    }

    private static AgreementEntry? Counting(AgreementEntry? entry) => entry is { Counts: true } ? entry : null;

    private static bool Same(AgreementEntry? a, AgreementEntry? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Kind == b.Kind && a.Parties.SequenceEqual(b.Parties) && a.SignedOn == b.SignedOn && a.ValidFrom == b.ValidFrom
                && a.ValidUntil == b.ValidUntil && a.TerminatedOn == b.TerminatedOn && a.Confirmed == b.Confirmed;

    private static string Describe(AgreementEntry? e) => e is null
        ? "does not count"
        : FormattableString.Invariant($"version {e.Version}, signed {e.SignedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "by not both"}, valid {e.ValidFrom:yyyy-MM-dd}–{e.ValidUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "open"}, terminated {e.TerminatedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "no"}, {(e.Confirmed ? "confirmed" : "unconfirmed")}");
}

/// <param name="Expected">The entry the stored agreement gives (null: none, or it does not count here).</param>
/// <param name="Held">The register's entry.</param>
public sealed record AgreementFinding(AuditDifference Difference, AgreementEntry? Expected, AgreementEntry? Held);
