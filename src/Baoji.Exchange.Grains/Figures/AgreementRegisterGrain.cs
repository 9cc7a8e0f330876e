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

    public Task<IReadOnlyList<AgreementEntry>> Entries() =>
        Task.FromResult<IReadOnlyList<AgreementEntry>>([.. state.State.Entries.Values]);

    public async Task Repair(string recordId, AgreementEntry? entry)
    {
        var existing = state.State.Entries.GetValueOrDefault(recordId);
        // A newer version arrived after the caller read the record's state: that one is right, not the repair.
        if (entry is not null && existing is not null && existing.Version > entry.Version)
        {
            return;
        }

        if (entry is null)
        {
            if (!state.State.Entries.Remove(recordId))
            {
                return;
            }
        }
        else
        {
            state.State.Entries[recordId] = entry;
        }

        await state.WriteOrDropAsync(this);
    }
}
