using Microsoft.AspNetCore.Authorization;

namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// A row of <see cref="AccessMatrix"/> as an authorization policy, for endpoints that are not this API's own handlers
/// (the Orleans dashboard): the same table decides, through <see cref="AccessPolicy"/>.
/// </summary>
public sealed record AccessRequirement(AccessEndpoint Endpoint) : IAuthorizationRequirement;

/// <summary>Succeeds when the matrix allows the signed-in caller (token or sign-in cookie) on the row.</summary>
internal sealed class AccessRequirementHandler(AccessPolicy policy) : AuthorizationHandler<AccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && await policy.DecideAsync(Caller.From(context.User), requirement.Endpoint) == AccessMatrix.Allowed)
        {
            context.Succeed(requirement);
        }
    }
}
