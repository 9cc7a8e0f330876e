namespace Baoji.Exchange.Grains;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state. When the write fails the grain must not keep the unsaved change (a retry would find its
    /// operation id and acknowledge what storage never held): it re-reads what storage holds, and when that read
    /// fails too (likely in the same outage) it drops the activation, so the next call starts from storage. The
    /// write's exception is rethrown either way.
    /// </summary>
    public static Task WriteOrDropAsync<T>(this IPersistentState<T> state, IGrainBase grain) =>
        state.WriteOrDropAsync(grain, async () =>
        {
            await state.WriteStateAsync();
            return true;
        });

    /// <summary>As above, with the write <paramref name="write"/> makes (the state with a row beside it, say).</summary>
    public static async Task<TResult> WriteOrDropAsync<T, TResult>(this IPersistentState<T> state, IGrainBase grain, Func<Task<TResult>> write)
    {
        try
        {
            return await write();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                // Non-reentrant grains run nothing else before this call returns; Orleans forwards the queued calls
                // to a new activation, which reads storage afresh.
                grain.DeactivateOnIdle();
            }

            throw;
        }
    }
}
