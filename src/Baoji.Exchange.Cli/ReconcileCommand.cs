using System.CommandLine;
using System.Text.Json;

namespace Baoji.Exchange.Cli;

/// <summary><c>reconcile</c>: what a city still has to settle for a year (unconfirmed, disputed, probable duplicates), every page of it.</summary>
public static class ReconcileCommand
{
    private static readonly string[] Lists = ["unconfirmed", "disputed", "probableDuplicates"];

    public static Command Command(CliContext context, ConnectionOptions connection)
    {
        var year = new Argument<int>("year") { Description = "The year, e.g. 2024." };
        var perspective = new Option<string>("--perspective", "-p") { Description = "The city whose records to reconcile, e.g. 610300.", Required = true };
        var format = OutputFormat.Option();
        var command = new Command("reconcile", "Lists a year's unconfirmed and disputed records and probable duplicates, from one city's side.")
        {
            year, perspective, format,
        };
        command.SetAction((parse, cancellationToken) => CliCommands.WithServerAsync(parse, connection, context, cancellationToken, async http =>
        {
            var path = $"api/v1/reconciliation/{parse.GetValue(year)}?perspective={Uri.EscapeDataString(parse.GetRequiredValue(perspective))}";
            var pages = await Pages.CollectAsync(new ApiClient(http, context.Stderr), path, page => [page], limit: null, cancellationToken);
            if (pages is null)
            {
                return ExitCodes.Failed;
            }

            var merged = Lists.ToDictionary(l => l, l => pages.SelectMany(p => p.TryGetProperty(l, out var items) ? items.EnumerateArray() : []).ToList());
            await using var output = context.TextOut();
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                var document = new Dictionary<string, object>
                {
                    ["year"] = parse.GetValue(year),
                    ["perspective"] = parse.GetRequiredValue(perspective),
                };
                foreach (var (name, items) in merged)
                {
                    document[name] = items;
                }

                await output.WriteLineAsync(JsonSerializer.Serialize(document, OutputFormat.Indented));
                return ExitCodes.Done;
            }

            await WriteRecordsAsync(output, "unconfirmed", merged["unconfirmed"]);
            await WriteRecordsAsync(output, "disputed", merged["disputed"]);
            await output.WriteLineAsync($"# probable duplicates: {merged["probableDuplicates"].Count}");
            await output.WriteLineAsync("collection\tfirstId\tsecondId\tparties\treason");
            foreach (var pair in merged["probableDuplicates"])
            {
                var parties = pair.TryGetProperty("partyIds", out var ids) && ids.ValueKind == JsonValueKind.Array
                    ? string.Join('+', ids.EnumerateArray().Select(i => i.GetString())) : "";
                await output.WriteLineAsync(string.Join('\t',
                    RecordTable.Text(pair, "collection"), RecordTable.Text(pair, "firstId"), RecordTable.Text(pair, "secondId"), parties, RecordTable.Text(pair, "reason")));
            }

            return ExitCodes.Done;
        }));
        return command;
    }

    private static async Task WriteRecordsAsync(TextWriter output, string title, List<JsonElement> records)
    {
        await output.WriteLineAsync($"# {title}: {records.Count}");
        await output.WriteLineAsync(RecordTable.Header);
        foreach (var record in records)
        {
            await output.WriteLineAsync(RecordTable.Line(record));
        }

        await output.WriteLineAsync();
    }
}
