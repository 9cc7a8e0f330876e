namespace Baoji.Exchange.Grains;

/// <summary>Names of the grain storage providers the host must register.</summary>
public static class StorageNames
{
    /// <summary>Azure Blob grain storage for grain state, but the records'.</summary>
    public const string GrainState = "store";

    /// <summary>
    /// The records' state, as table rows keyed for point lookups (<see cref="Storage.RowGrainStorage"/>): the one state
    /// written per record created, so it is written with group commit. Earlier releases kept it in <see cref="GrainState"/>.
    /// </summary>
    public const string RecordState = "records";

    /// <summary>The blob container of <see cref="GrainState"/>; the service id keeps deployments on one account apart.</summary>
    public static string GrainStateContainer(string serviceId) => $"grains-{serviceId}";
}
