using System.Text.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;

namespace Baoji.Exchange.Server.Api;

/// <summary>A record as the API shows it: the fields of its kind, flat, beside the ledger's own fields.</summary>
public static class RecordJson
{
    public static JsonObject ToJson(LedgerRecord record, JsonSerializerOptions options, bool withHistory = true)
    {
        var json = new JsonObject
        {
            ["id"] = record.Id,
            ["collection"] = RecordCollections.NameOf(record.Kind),
        };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(record.Body, record.Body.GetType(), options)!.AsObject())
        {
            json[name] = value?.DeepClone();
        }

        json["loggedBy"] = record.LoggedBy;
        json["loggedAt"] = record.LoggedAt;
        json["status"] = ApiJson.Name(record.Status);
        json["version"] = record.Version;
        json["counts"] = record.Counts;
        if (record.Status is RecordStatus.Logged or RecordStatus.Disputed)
        {
            // The side whose answer (confirm or dispute) the record waits for.
            json["awaiting"] = ApiJson.Name(RecordDecisions.AwaitingSide(record));
        }

        if (record.DisputeReason is not null)
        {
            json["disputeReason"] = record.DisputeReason;
        }

        if (record.MergedInto is not null)
        {
            json["mergedInto"] = record.MergedInto;
        }

        if (record.Kind == RecordKind.Agreement)
        {
            json["signatures"] = JsonSerializer.SerializeToNode(record.Signatures, options);
            json["signedOn"] = record.SignedOn is { } signed ? JsonValue.Create(signed.ToString("yyyy-MM-dd")) : null;
            json["termination"] = record.Termination is null ? null : JsonSerializer.SerializeToNode(record.Termination, options);
            json["document"] = record.Document is null ? null : JsonSerializer.SerializeToNode(record.Document, options);
        }

        if (withHistory)
        {
            json["history"] = JsonSerializer.SerializeToNode(record.History, options);
        }

        return json;
    }
}
