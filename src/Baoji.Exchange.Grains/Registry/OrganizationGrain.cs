using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Grains.Registry;

public sealed class OrganizationGrain(
    [PersistentState("organization", StorageNames.GrainState)] IPersistentState<OrganizationState> state)
    : Grain, IOrganizationGrain
{
    public Task<Organization?> Get() => Task.FromResult(state.State.Organization);

    public async Task<bool> Upsert(Organization organization)
    {
        var previous = state.State.Organization;
        if (previous == organization)
        {
            // Still tell the directory: a crash between the two writes must heal on the next upsert.
            await DirectoryOf(organization.ParentId).Put(organization);
            return false;
        }

        state.State.Organization = organization;
        await state.WriteOrDropAsync(this);
        if (previous is not null && previous.ParentId != organization.ParentId)
        {
            await DirectoryOf(previous.ParentId).Remove(organization.Id);
        }

        await DirectoryOf(organization.ParentId).Put(organization);
        return true;
    }

    private IOrganizationDirectoryGrain DirectoryOf(string? parentId) =>
        GrainFactory.GetGrain<IOrganizationDirectoryGrain>(parentId ?? IOrganizationDirectoryGrain.RootKey);
}
