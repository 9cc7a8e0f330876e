namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>The four kinds of record; each is one collection of the API.</summary>
[GenerateSerializer, Alias("baoji.RecordKind")]
public enum RecordKind
{
    Visit = 0,
    StaffExchange = 1,
    Training = 2,
    Agreement = 3,
}
