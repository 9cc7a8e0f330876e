using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Faults;

namespace Baoji.Exchange.Grains.Figures;

public sealed class AgreementRegisterGrain(
    [PersistentState("agreements", StorageNames.GrainState)] IPersistentState<AgreementRegisterState> state,
    Failpoints failpoints)
    : Grain, IAgreementRegisterGrain
{
    public async Task Apply(string recordId, int version, AgreementEntry? entry)
    {
        if (state.State.Entries.TryGetValue(recordId, out var existing) && existing.Version >= version)
        {
            return;
        }

        if (entry is null)
        {
            state.State.Entries.Remove(recordId);
        }
        else
        {
            state.State.Entries[recordId] = entry;
        }

        await state.WriteOrDropAsync(this);
        // Stored, but the record projecting here does not learn so (the register's counterpart of a figure transaction).
        failpoints.Hit(FailpointNames.FiguresInTransaction);
    }

    public Task<IReadOnlyList<AgreementEntry>> InForceOn(DateOnly day) =>
        Task.FromResult<IReadOnlyList<AgreementEntry>>([.. state.State.Entries.Values.Where(e => e.InForceOn(day))]);
}
