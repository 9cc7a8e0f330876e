namespace Baoji.Exchange.Grains;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; when the write fails, re-reads what storage holds so the grain never keeps
    /// (and later acts on) a change that was not saved, then rethrows.
    /// </summary>
    public static async Task WriteOrRestoreAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}
