namespace Baoji.Exchange.Contracts.Ledger;

[GenerateSerializer, Alias("baoji.RecordStatus")]
public enum RecordStatus
{
    Logged = 0,
    Confirmed = 1,
    Disputed = 2,
    Withdrawn = 3,
}
