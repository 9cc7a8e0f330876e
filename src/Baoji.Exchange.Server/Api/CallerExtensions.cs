using Baoji.Exchange.Server.Identity;

namespace Baoji.Exchange.Server.Api;

internal static class CallerExtensions
{
    public static Caller Caller(this HttpContext context) => Identity.Caller.From(context.User);
}
