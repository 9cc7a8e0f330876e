namespace Baoji.Exchange.Grains;

/// <summary>Names of the grain storage providers the host must register.</summary>
public static class StorageNames
{
    /// <summary>Azure Blob grain storage for all grain state.</summary>
    public const string GrainState = "store";

    /// <summary>The blob container of <see cref="GrainState"/>; the service id keeps deployments on one account apart.</summary>
    public static string GrainStateContainer(string serviceId) => $"grains-{serviceId}";
}
