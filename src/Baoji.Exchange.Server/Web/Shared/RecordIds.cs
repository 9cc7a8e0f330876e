using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>The kind of a record, read from its id's prefix (vis-, stf-, trn-, agr-).</summary>
public static class RecordIds
{
    public static RecordKind? KindOf(string? id) =>
        id is null || !RecordCollections.IsId(id)
            ? null
            : Enum.GetValues<RecordKind>().Cast<RecordKind?>().FirstOrDefault(k => id.StartsWith(RecordCollections.IdPrefix(k!.Value) + "-", StringComparison.Ordinal));

    public static string PageOf(string id) => $"/records/{id}";
}
