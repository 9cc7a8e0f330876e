using Scalar.AspNetCore;

namespace Baoji.Exchange.Server.Api.OpenApi;

/// <summary>The OpenAPI document (/openapi/v1.json, also written to docs/openapi at build time) and its reference page (/docs).</summary>
internal static class OpenApiSetup
{
    public static IServiceCollection AddBaojiOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecurityTransformer>();
            o.AddOperationTransformer<BearerSecurityTransformer>();
            // Last: orders what the others added.
            o.AddDocumentTransformer<StableDocumentTransformer>();
        });
        return services;
    }

    public static void MapBaojiOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Baoji.Exchange API").AddPreferredSecuritySchemes(BearerSecurityTransformer.SchemeId));
    }
}
