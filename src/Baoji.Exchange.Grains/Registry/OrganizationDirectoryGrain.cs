using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Grains.Registry;

public sealed class OrganizationDirectoryGrain(
    [PersistentState("directory", StorageNames.GrainState)] IPersistentState<OrganizationDirectoryState> state)
    : Grain, IOrganizationDirectoryGrain
{
    public Task<IReadOnlyList<Organization>> List() =>
        Task.FromResult<IReadOnlyList<Organization>>(
            [.. state.State.Children.Values.OrderBy(o => o.Id, StringComparer.Ordinal)]);

    public async Task Put(Organization organization)
    {
        if (state.State.Children.TryGetValue(organization.Id, out var existing) && existing == organization)
        {
            return;
        }

        state.State.Children[organization.Id] = organization;
        await state.WriteOrDropAsync(this);
    }

    public async Task Remove(string organizationId)
    {
        if (state.State.Children.Remove(organizationId))
        {
            await state.WriteOrDropAsync(this);
        }
    }
}
