using Baoji.Exchange.Server.Accounts;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Api.Localization;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>
/// A refused command as a page shows it: messages by the field they name (the API's field names), so each is shown at
/// its field. A version conflict reads 已被他人修改，请刷新后再试.
/// </summary>
public static class PageErrors
{
    /// <summary>A refused ledger command, each message in Chinese (the catalog the API's zh-CN problems use).</summary>
    public static IReadOnlyDictionary<string, string[]> From(LedgerOutcome outcome)
    {
        var errors = Chinese(outcome.Errors);
        if (outcome.Status == StatusCodes.Status412PreconditionFailed)
        {
            return errors.ToDictionary(e => e.Key, _ => new[] { ZhCn.VersionConflict }, StringComparer.Ordinal);
        }

        if (outcome.Status == StatusCodes.Status409Conflict)
        {
            return errors.ToDictionary(e => e.Key, e => e.Value.Prepend(ZhCn.VersionConflict).ToArray(), StringComparer.Ordinal);
        }

        return errors;
    }

    /// <summary>A refused account command, each message in Chinese (the catalog the API's zh-CN problems use).</summary>
    public static IReadOnlyDictionary<string, string[]> From(AccountOutcome outcome) => Chinese(outcome.Errors);

    /// <summary>A refused token command, each message in Chinese.</summary>
    public static IReadOnlyDictionary<string, string[]> From(TokenOutcome outcome) => Chinese(outcome.Errors);

    private static Dictionary<string, string[]> Chinese(FieldErrors? errors) =>
        (errors?.ToDictionary() ?? []).ToDictionary(
            e => e.Key, e => e.Value.Select(m => ProblemCatalog.Translate(e.Key, m, ProblemLanguage.Chinese).Text).ToArray(), StringComparer.Ordinal);

    /// <summary>The messages of fields the form has no place for, shown above it.</summary>
    public static IEnumerable<string> Others(IReadOnlyDictionary<string, string[]>? errors, params string[] formFields) =>
        errors is null ? [] : errors.Where(e => !formFields.Contains(e.Key)).SelectMany(e => e.Value);
}
