using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;
using Request = Azure.Core.Request;

namespace Baoji.Exchange.Server.Diagnostics;

/// <summary>
/// Counts every request the server sends to storage, by service and kind ("table upsert", "table transaction",
/// "blob put", …), so the cost of a command in round trips can be measured rather than guessed. Added to the
/// table and blob clients' pipelines once per try, so a retried request counts as the round trips it made.
/// The counts are a meter (<see cref="MeterName"/>) and a snapshot that <see cref="StorageOperationsFile"/> writes.
/// </summary>
public sealed class StorageOperationCounter
{
    public const string MeterName = "Baoji.Storage";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_operations = s_meter.CreateCounter<long>("baoji.storage.operations", description: "Requests sent to storage, by service and kind.");

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public HttpPipelinePolicy PolicyFor(string service) => new CountingPolicy(this, service);

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    private void Count(string service, Request request)
    {
        var kind = service == "table" ? TableKind(request) : BlobKind(request);
        _counts.AddOrUpdate($"{service} {kind}", 1, (_, n) => n + 1);
        s_operations.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("kind", kind));
    }

    private static string TableKind(Request request)
    {
        var path = request.Uri.Path;
        var method = request.Method.Method;
        return method switch
        {
            "POST" when path.EndsWith("$batch", StringComparison.Ordinal) => "transaction",
            "POST" when path.EndsWith("/Tables", StringComparison.Ordinal) => "create-table",
            "POST" => "insert",
            "PUT" => request.Headers.Contains("If-Match") && !IsWildcardMatch(request) ? "update" : "upsert",
            "MERGE" or "PATCH" => "merge",
            "DELETE" => "delete",
            "GET" when path.Contains("RowKey=", StringComparison.Ordinal) => "read",
            "GET" => "query",
            _ => method.ToLowerInvariant(),
        };
    }

    private static bool IsWildcardMatch(Request request) => request.Headers.TryGetValue("If-Match", out var tag) && tag == "*";

    private static string BlobKind(Request request)
    {
        var query = request.Uri.Query;
        var method = request.Method.Method;
        return method switch
        {
            "PUT" when query.Contains("restype=container", StringComparison.Ordinal) => "create-container",
            "PUT" => "put",
            "GET" when query.Contains("comp=list", StringComparison.Ordinal) => "list",
            "GET" => "read",
            "HEAD" => "properties",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
    }

    private sealed class CountingPolicy(StorageOperationCounter counter, string service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => counter.Count(service, message.Request);
    }
}
