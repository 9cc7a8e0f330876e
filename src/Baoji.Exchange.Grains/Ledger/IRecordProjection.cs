using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>
/// Something kept up to date from records (the year-end figures). Called after every saved change and again on a
/// retry, so it must be idempotent for a given record id and version.
/// </summary>
public interface IRecordProjection
{
    Task ProjectAsync(LedgerRecord record);
}
