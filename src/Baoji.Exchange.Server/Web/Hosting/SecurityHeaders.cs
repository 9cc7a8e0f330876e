namespace Baoji.Exchange.Server.Web.Hosting;

/// <summary>
/// The security headers of every response: no MIME sniffing, no referrer beyond the origin, never framed, and a
/// Content-Security-Policy. Blazor Server needs scripts from 'self' only (no eval) and a WebSocket back to the same
/// host; Ant Design Blazor sets style attributes from its components (positions of pop-ups, widths), so styles allow
/// 'unsafe-inline' — styles only, scripts never.
/// </summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY";
            if (!context.Request.Path.StartsWithSegments("/docs"))
            {
                headers.ContentSecurityPolicy = Policy(context.Request.Host.Value ?? "");
            }

            return Task.CompletedTask;
        });
        return next();
    });

    /// <summary>The policy of the pages; the API reference (/docs) keeps the framework's defaults, its bundle is third-party.</summary>
    public static string Policy(string host) =>
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        $"connect-src 'self' ws://{host} wss://{host}; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}
