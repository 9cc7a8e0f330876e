using Baoji.Exchange.Server.Identity;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// Puts an endpoint whose rule does not depend on the resource (the administrator's endpoints) under
/// <see cref="AccessMatrix"/>, before its handler runs.
/// </summary>
internal static class AccessFilter
{
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, AccessEndpoint endpoint) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var status = await http.RequestServices.GetRequiredService<AccessPolicy>().DecideAsync(http.Caller(), endpoint);
            return status == AccessMatrix.Allowed
                ? await next(context)
                : Problems.Refused(status, "Authorization", $"This token may not call {endpoint}.");
        });
}
