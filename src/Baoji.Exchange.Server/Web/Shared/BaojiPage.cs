using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>A page that acts as the signed-in person's organisation: the same <see cref="Caller"/> the API builds from a token.</summary>
public abstract class BaojiPage : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    protected async Task<Caller> CallerAsync() =>
        AuthState is null ? new Caller(null, false) : Caller.From((await AuthState).User);
}
