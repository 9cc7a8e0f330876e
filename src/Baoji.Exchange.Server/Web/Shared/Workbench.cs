using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Registry;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>What the 工作台 shows an organisation: records waiting for its answer, its disputed records, its recent records, agreements ending soon.</summary>
public sealed record WorkbenchView(
    IReadOnlyList<LedgerRecord> AwaitingMe,
    IReadOnlyList<LedgerRecord> DisputedMine,
    IReadOnlyList<LedgerRecord> RecentMine,
    IReadOnlyList<LedgerRecord> AgreementsEnding)
{
    public static readonly WorkbenchView Empty = new([], [], [], []);
}

/// <summary>
/// Reads the 工作台 from the record index (the rows the API's record lists read), for the caller's organisation
/// and the years a clerk still works on: this year and the two before.
/// </summary>
public sealed class Workbench(LedgerIndex index, AccessPolicy access, RegistryReader registry, TimeProvider time)
{
    private const int PerList = 200;
    private const int Recent = 10;
    private static readonly RecordKind[] Kinds = [RecordKind.Visit, RecordKind.StaffExchange, RecordKind.Training, RecordKind.Agreement];

    public async Task<WorkbenchView> ReadAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.OrganizationId is not { } orgId
            || await registry.GetAsync(orgId) is not { } self
            || await access.DecideAsync(caller, AccessMatrix.RecordList, orgId) != AccessMatrix.Allowed)
        {
            return WorkbenchView.Empty;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var partitions = Kinds.SelectMany(k => Enumerable.Range(today.Year - 2, 3).Select(y => LedgerIndex.PartitionKey(RecordCollections.NameOf(k), orgId, y)));
        var pages = await Task.WhenAll(partitions.Select(p => index.ListAsync(p, null, PerList, null, cancellationToken)));
        var records = pages.SelectMany(p => p.Records).DistinctBy(r => r.Id).Where(r => r.MergedInto is null).ToList();

        bool LoggedByMySide(LedgerRecord r) => r.Parties.FirstOrDefault(p => p.Lineage().Contains(r.LoggedBy))?.Province == self.Province;
        Province? Awaiting(LedgerRecord r) => r.Awaiting ?? r.Parties.FirstOrDefault(p => !p.Lineage().Contains(r.LoggedBy))?.Province;

        return new WorkbenchView(
            [.. records.Where(r => r.Status == RecordStatus.Logged && Awaiting(r) == self.Province).OrderByDescending(r => r.LoggedAt)],
            [.. records.Where(r => r.Status == RecordStatus.Disputed && LoggedByMySide(r)).OrderByDescending(r => r.LoggedAt)],
            [.. records.Where(LoggedByMySide).OrderByDescending(r => r.LoggedAt).Take(Recent)],
            [.. records.Where(r => r.Body is AgreementBody { ValidUntil: { } until } && until >= today && until <= today.AddDays(90)
                && r.Status != RecordStatus.Withdrawn && r.Termination is null).OrderBy(r => r.Body.End)]);
    }
}
