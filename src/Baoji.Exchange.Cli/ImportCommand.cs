using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Baoji.Exchange.Cli;

/// <summary>
/// <c>import</c>: uploads a clerk's spreadsheet (POST /api/v1/imports), shows the preview, and, when no row has errors,
/// commits it and polls the import until the commit ends. A file with bad rows is not committed: its errors are listed.
/// </summary>
public static class ImportCommand
{
    public const string Committing = "committing";
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Command(CliContext context, ConnectionOptions connection)
    {
        var file = new Argument<FileInfo>("file") { Description = "The spreadsheet: .xlsx or .csv (UTF-8 or GB18030), as the templates lay it out." }.AcceptExistingOnly();
        var kind = new Option<string>("--kind", "-k") { Description = "visits, staff-exchanges, trainings or agreements.", Required = true }.AcceptOnlyFromAmong(RecordsListCommand.Kinds);
        var organization = new Option<string?>("--organization") { Description = "The organisation the rows are imported for (default: your token's; the administrator must name one)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the preview only; commit nothing." };
        var timeout = new Option<int>("--wait-seconds") { Description = "How long to follow the commit before giving up (it goes on on the server).", DefaultValueFactory = _ => 600 };
        var format = new Option<string>("--format", "-f") { Description = "text or json (the import's final status).", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");
        var command = new Command("import", "Imports a spreadsheet of records through the import API: preview, then commit.")
        {
            file, kind, organization, dryRun, timeout, format,
        };
        command.SetAction((parse, cancellationToken) => CliCommands.WithServerAsync(parse, connection, context, cancellationToken, http =>
            RunAsync(new ApiClient(http, context.Stderr), context, parse.GetRequiredValue(file), parse.GetRequiredValue(kind), parse.GetValue(organization),
                parse.GetValue(dryRun), TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(format) == "json", cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ApiClient api, CliContext context, FileInfo file, string kind, string? organization,
        bool dryRun, TimeSpan wait, bool json, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(file.FullName, cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", file.Name);
        form.Add(new StringContent(kind), "kind");
        if (organization is not null)
        {
            form.Add(new StringContent(organization), "organizationId");
        }

        using var upload = new HttpRequestMessage(HttpMethod.Post, "api/v1/imports") { Content = form };
        if (await api.SendJsonAsync(upload, cancellationToken) is not { } preview)
        {
            return ExitCodes.Failed;
        }

        var id = RecordTable.Text(preview, "id");
        await context.Stderr.WriteLineAsync($"previewed {file.Name} as import {id}: {Number(preview, "total")} rows, {Number(preview, "toCreate")} to create, " +
            $"{Number(preview, "alreadyImported")} already records, {Number(preview, "errorRows")} with errors.");
        if (Number(preview, "errorRows") > 0)
        {
            await WriteErrorsAsync(context.Stderr, preview);
            await WriteAsync(context, preview, json);
            return ExitCodes.Failed;
        }

        if (dryRun)
        {
            await WriteAsync(context, preview, json);
            return ExitCodes.Done;
        }

        using var commit = new HttpRequestMessage(HttpMethod.Post, $"api/v1/imports/{Uri.EscapeDataString(id)}/commit");
        if (await api.SendJsonAsync(commit, cancellationToken) is not { } status)
        {
            return ExitCodes.Failed;
        }

        var deadline = DateTimeOffset.UtcNow + wait;
        while (!IsFinished(status))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                await context.Stderr.WriteLineAsync($"error: import {id} is still committing ({Number(status, "done")} of {Number(status, "total")}); it goes on on the server: GET /api/v1/imports/{id}.");
                return ExitCodes.Failed;
            }

            await Task.Delay(PollInterval, cancellationToken);
            if (await api.GetJsonAsync($"api/v1/imports/{Uri.EscapeDataString(id)}", cancellationToken) is not { } next)
            {
                return ExitCodes.Failed;
            }

            status = next;
        }

        await WriteAsync(context, status, json);
        if (RecordTable.Text(status, "state") != "completed")
        {
            await context.Stderr.WriteLineAsync($"error: import {id} {RecordTable.Text(status, "state")}: {RecordTable.Text(status, "error")}");
            return ExitCodes.Failed;
        }

        return Number(status, "failed") > 0 ? ExitCodes.Failed : ExitCodes.Done;
    }

    /// <summary>
    /// Ended: no longer committing, and, when completed, with its finishedAt. The server's progress writer may store
    /// "completed" a moment before the final counts (seen once under load: 0 already records where 2 were), and
    /// finishedAt comes only with the final write.
    /// </summary>
    private static bool IsFinished(JsonElement status) => RecordTable.Text(status, "state") switch
    {
        Committing => false,
        "completed" => RecordTable.Text(status, "finishedAt").Length > 0,
        _ => true,
    };

    private static async Task WriteAsync(CliContext context, JsonElement status, bool json)
    {
        await using var output = context.TextOut();
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(status, OutputFormat.Indented));
            return;
        }

        await output.WriteLineAsync(RecordTable.Text(status, "state") switch
        {
            "previewed" => $"import {RecordTable.Text(status, "id")} previewed: {Number(status, "toCreate")} to create, {Number(status, "alreadyImported")} already records, {Number(status, "errorRows")} with errors (not committed).",
            _ => $"import {RecordTable.Text(status, "id")} {RecordTable.Text(status, "state")}: {Number(status, "created")} created, {Number(status, "skipped")} already records, {Number(status, "failed")} failed, of {Number(status, "total")} rows.",
        });
    }

    private static async Task WriteErrorsAsync(TextWriter stderr, JsonElement preview)
    {
        foreach (var error in preview.GetProperty("errors").EnumerateArray())
        {
            await stderr.WriteLineAsync($"  row {Number(error, "row")}, {RecordTable.Text(error, "column")} ({RecordTable.Text(error, "field")}): {RecordTable.Text(error, "message")}");
        }

        if (preview.TryGetProperty("errorsTruncated", out var truncated) && truncated.ValueKind == JsonValueKind.True)
        {
            await stderr.WriteLineAsync("  … more rows have errors than are listed.");
        }

        await stderr.WriteLineAsync("Nothing was committed: fix the rows and import the file again.");
    }

    private static int Number(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
}
