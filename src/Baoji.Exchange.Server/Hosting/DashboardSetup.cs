using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Orleans.Dashboard;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>
/// The Orleans dashboard (silos, grains, calls, live log) at <see cref="Path"/>, for the administrator only: its row of
/// <see cref="AccessMatrix"/> decides, as for every endpoint of the API.
/// </summary>
internal static class DashboardSetup
{
    public const string Path = "/dashboard";

    private const string Policy = "dashboard";

    /// <summary>The silo side: the dashboard's grains and the grain-call profiler it reads.</summary>
    public static ISiloBuilder AddBaojiDashboard(this ISiloBuilder silo) => silo.AddDashboard();

    public static IServiceCollection AddBaojiDashboardAccess(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, AccessRequirementHandler>();
        return services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.RequireAuthenticatedUser().AddRequirements(new AccessRequirement(AccessMatrix.Dashboard)))
            .Services;
    }

    public static void MapBaojiDashboard(this WebApplication app) =>
        app.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(Policy).ExcludeFromDescription();
}
