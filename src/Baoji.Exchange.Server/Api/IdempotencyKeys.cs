using System.Text.RegularExpressions;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// The Idempotency-Key rule. A key becomes part of a grain key (the claim of a creating POST) and of the operation
/// ids stored with a record, so it is a short token of letters, digits, '.', '_' and '-': no '/', no '|', nothing a
/// storage or grain key gives a meaning to. Checked, never rewritten, so keys clients already use keep naming the
/// records they created.
/// </summary>
public static partial class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 100;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex Shape();

    public static bool IsWellFormed(string? key) => key is not null && Shape().IsMatch(key);

    /// <summary>An endpoint filter: a request whose Idempotency-Key breaks the rule is 400 before the handler runs.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var values = context.HttpContext.Request.Headers[Header];
        if (values.Count > 1 || (values.Count == 1 && !IsWellFormed(values[0])))
        {
            return Problems.Invalid(Header, $"{Header} is 1–{MaxLength} characters: letters, digits, '.', '_' and '-', sent once.");
        }

        return await next(context);
    }
}
