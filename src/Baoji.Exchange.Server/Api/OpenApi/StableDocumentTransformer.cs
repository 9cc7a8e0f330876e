using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Baoji.Exchange.Server.Api.OpenApi;

/// <summary>
/// Keeps the served document equal to the one the build writes into docs/openapi: no server URL (the served one would
/// name the request's host and port; clients use the URL they fetched the document from), a fixed title, and paths
/// and component schemas in ordinal order rather than the order endpoints happen to be mapped or types met.
/// </summary>
internal sealed class StableDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Servers = [];
        document.Info.Title = "Baoji.Exchange API";

        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            paths.Add(path, item);
        }

        document.Paths = paths;
        if (document.Components?.Schemas is { } schemas)
        {
            document.Components.Schemas = schemas.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        }

        return Task.CompletedTask;
    }
}
