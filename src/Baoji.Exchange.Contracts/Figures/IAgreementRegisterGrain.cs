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

    /// <summary>Every entry, counting or not (for the audit).</summary>
    [Alias("Entries")]
    Task<IReadOnlyList<AgreementEntry>> Entries();

    /// <summary>
    /// Sets the entry of a record to what its stored state says, even where a version as new was applied (a repair of
    /// an entry that is wrong at its version), unless the register holds a newer version; null removes the entry of a
    /// record that does not exist.
    /// </summary>
    [Alias("Repair")]
    Task Repair(string recordId, AgreementEntry? entry);
}
