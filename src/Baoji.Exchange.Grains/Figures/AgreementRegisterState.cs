using Baoji.Exchange.Contracts.Figures;

namespace Baoji.Exchange.Grains.Figures;

[GenerateSerializer, Alias("baoji.AgreementRegisterState")]
public sealed class AgreementRegisterState
{
    /// <summary>Every agreement of the partnership by record id; withdrawn ones stay as entries that do not count.</summary>
    [Id(0)] public Dictionary<string, AgreementEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
