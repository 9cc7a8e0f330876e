using System.Diagnostics;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Diagnostics;
using Baoji.Exchange.Grains.Ledger;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// One activity ("ledger create", "ledger confirm", …) and one measurement per ledger command, tagged with the
/// command, the record kind and the outcome, so a trace shows what a request did to the ledger and the meter counts
/// records created and confirmed. A refusal (4xx) is an outcome, not an error of the service: only an exception marks
/// the activity as failed.
/// </summary>
internal static class LedgerCommandTelemetry
{
    public const string CommandTag = "baoji.command";
    public const string KindTag = "baoji.record.kind";
    public const string OutcomeTag = "baoji.outcome";
    public const string RecordIdTag = "baoji.record.id";
    public const string StatusTag = "baoji.status";

    public static async Task<LedgerOutcome> TraceAsync(string command, RecordKind kind, string? recordId, Func<Task<LedgerOutcome>> run)
    {
        var kindName = RecordCollections.NameOf(kind);
        using var activity = BaojiTelemetry.ActivitySource.StartActivity($"ledger {command}");
        activity?.SetTag(CommandTag, command);
        activity?.SetTag(KindTag, kindName);
        activity?.SetTag(RecordIdTag, recordId);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await run();
            outcome = result.Status >= 400 ? "refused" : result.Replayed ? "replayed" : "ok";
            activity?.SetTag(RecordIdTag, result.Record?.Id ?? recordId);
            activity?.SetTag(StatusTag, result.Status);
            CountRecord(command, kindName, result);
            return result;
        }
        catch (Exception e)
        {
            outcome = e switch
            {
                StorageUnavailableException => "unavailable",
                OperationCanceledException => "cancelled",
                _ => "error",
            };
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.AddException(e);
            throw;
        }
        finally
        {
            activity?.SetTag(OutcomeTag, outcome);
            var tags = new TagList { { CommandTag, command }, { KindTag, kindName }, { OutcomeTag, outcome } };
            BaojiTelemetry.LedgerCommands.Add(1, tags);
            BaojiTelemetry.LedgerCommandDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private static void CountRecord(string command, string kind, LedgerOutcome result)
    {
        if (result.Record is null || result.Replayed)
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>(KindTag, kind);
        if (command == "create" && result.Created)
        {
            BaojiTelemetry.RecordsCreated.Add(1, tag);
        }
        else if (command == "confirm")
        {
            BaojiTelemetry.RecordsConfirmed.Add(1, tag);
        }
    }
}
