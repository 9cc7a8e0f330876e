using System.Reflection;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// A record answered as <see cref="RecordJson"/> writes it, with its version as ETag. A typed result, so that the
/// endpoints returning it declare their answer (schema <see cref="RecordView"/>) in the OpenAPI document.
/// </summary>
public sealed class RecordHttpResult(LedgerRecord record) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public LedgerRecord Record => record;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => RecordHttpResults.WriteAsync(httpContext, record, StatusCodes.Status200OK);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(RecordView), ["application/json"]));
}

/// <summary>A record just created: 201 with Location (where GET reads it), the ETag and the record.</summary>
public sealed class CreatedRecordHttpResult(LedgerRecord record) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public LedgerRecord Record => record;

    public int? StatusCode => StatusCodes.Status201Created;

    /// <summary>The record's own resource: GET /api/v1/{collection}/{id}.</summary>
    public string Location => RecordHttpResults.PathOf(record);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.Location = Location;
        return RecordHttpResults.WriteAsync(httpContext, record, StatusCodes.Status201Created);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(RecordView), ["application/json"]));
}

internal static class RecordHttpResults
{
    public static string PathOf(LedgerRecord record) => $"/api/v1/{RecordCollections.NameOf(record.Kind)}/{Uri.EscapeDataString(record.Id)}";

    public static Task WriteAsync(HttpContext http, LedgerRecord record, int status)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        http.Response.Headers.ETag = $"\"{record.Version}\"";
        return Results.Json(RecordJson.ToJson(record, options), options, statusCode: status).ExecuteAsync(http);
    }
}
