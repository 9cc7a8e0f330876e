namespace Baoji.Exchange.Grains;

/// <summary>Names of the grain storage providers the host must register.</summary>
public static class StorageNames
{
    /// <summary>Azure Blob grain storage for all grain state.</summary>
    public const string GrainState = "store";
}
