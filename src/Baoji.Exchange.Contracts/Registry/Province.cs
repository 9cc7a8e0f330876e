namespace Baoji.Exchange.Contracts.Registry;

/// <summary>The two sides of the Jiangsu–Shaanxi partnership.</summary>
[GenerateSerializer, Alias("baoji.Province")]
public enum Province
{
    Shaanxi = 0,
    Jiangsu = 1,
}
