namespace Baoji.Exchange.Contracts.Figures;

/// <summary>
/// The agreements of one partnership (key: "610300-320300"), kept so that "in force on 31 December" can be
/// answered for any year, past ones included. Bounded by the number of agreements between the two cities.
/// </summary>
[Alias("baoji.IAgreementRegisterGrain")]
public interface IAgreementRegisterGrain : IGrainWithStringKey
{
    /// <summary>Stores the entry (or removes it, with null) unless a version as new was applied already.</summary>
    [Alias("Apply")]
    Task Apply(string recordId, int version, AgreementEntry? entry);

    [Alias("InForceOn")]
    Task<IReadOnlyList<AgreementEntry>> InForceOn(DateOnly day);
}
