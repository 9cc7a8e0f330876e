using System.CommandLine;
using System.Text.Json;

namespace Baoji.Exchange.Cli;

/// <summary><c>records list</c>: an organisation's records of one kind and year, every page of them, as a table or JSON.</summary>
public static class RecordsListCommand
{
    public static readonly string[] Kinds = ["visits", "staff-exchanges", "trainings", "agreements"];
    public static readonly string[] Statuses = ["logged", "confirmed", "disputed", "withdrawn"];

    public static Command Command(CliContext context, ConnectionOptions connection)
    {
        var kind = new Option<string>("--kind", "-k") { Description = "visits, staff-exchanges, trainings or agreements.", Required = true }.AcceptOnlyFromAmong(Kinds);
        var year = new Option<int?>("--year", "-y") { Description = "The year (default: this year)." };
        var status = new Option<string?>("--status", "-s") { Description = "Only records in this state: logged, confirmed, disputed or withdrawn." }.AcceptOnlyFromAmong(Statuses);
        var organization = new Option<string?>("--organization") { Description = "The organisation whose records to list (default: your token's)." };
        var format = OutputFormat.Option();
        var pageSize = new Option<int>("--page-size") { Description = "Records per request to the API (1–1000).", DefaultValueFactory = _ => 100 };
        var limit = new Option<int?>("--limit") { Description = "Stop after this many records (default: all)." };
        pageSize.Validators.Add(r =>
        {
            if (r.GetValue(pageSize) is < 1 or > 1000)
            {
                r.AddError("--page-size lies between 1 and 1000.");
            }
        });
        var list = new Command("list", "Lists records of one kind and year, following the API's pages.")
        {
            kind, year, status, organization, format, pageSize, limit,
        };
        list.SetAction((parse, cancellationToken) => CliCommands.WithServerAsync(parse, connection, context, cancellationToken, async http =>
        {
            var query = new List<string> { $"pageSize={parse.GetValue(pageSize)}" };
            AddQuery(query, "year", parse.GetValue(year)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddQuery(query, "status", parse.GetValue(status));
            AddQuery(query, "organizationId", parse.GetValue(organization));
            var records = await Pages.CollectAsync(new ApiClient(http, context.Stderr), $"api/v1/{parse.GetValue(kind)}?{string.Join('&', query)}",
                page => page.GetProperty("items").EnumerateArray(), parse.GetValue(limit), cancellationToken);
            if (records is null)
            {
                return ExitCodes.Failed;
            }

            await using var output = context.TextOut();
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(records, OutputFormat.Indented));
            }
            else
            {
                await output.WriteLineAsync(RecordTable.Header);
                foreach (var record in records)
                {
                    await output.WriteLineAsync(RecordTable.Line(record));
                }
            }

            return ExitCodes.Done;
        }));
        return new Command("records", "Records of the ledger.") { list };
    }

    public static void AddQuery(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
