namespace Baoji.Exchange.Contracts.Registry;

[GenerateSerializer, Alias("baoji.PairingLevel")]
public enum PairingLevel
{
    County = 0,
    School = 1,
}
