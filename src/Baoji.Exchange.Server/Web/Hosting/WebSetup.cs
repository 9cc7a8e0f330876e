using AntDesign;
using Baoji.Exchange.Server.Web.Shared;

namespace Baoji.Exchange.Server.Web.Hosting;

/// <summary>The web app in the host: Razor components (static rendering for reading, interactive server for forms and lists).</summary>
internal static class WebSetup
{
    public static void AddBaojiWeb(this WebApplicationBuilder builder)
    {
        // From the build output (the README's `dotnet run`, in Production) the packages' assets (_framework/,
        // _content/AntDesign/) are found through the build's static web assets manifest, which ASP.NET Core reads
        // by itself only in Development: without this they answered 500. A published server has no such manifest
        // (its wwwroot/ holds them), and the call then does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "baoji.antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddAntDesign();
        LocaleProvider.DefaultLanguage = "zh-CN";
        LocaleProvider.SetLocale("zh-CN");
        builder.Services.AddSingleton<Workbench>();
        builder.Services.AddSingleton<OrgNames>();
    }

    /// <summary>Before authentication: every response gets the headers, including refusals.</summary>
    public static void UseBaojiWebHeaders(this WebApplication app) => app.UseSecurityHeaders();

    public static void MapBaojiWeb(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapPageDownloads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
