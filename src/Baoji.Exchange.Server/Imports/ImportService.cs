using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Api.Localization;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Registry;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Imports;

/// <summary>
/// Spreadsheet imports, for the API and the pages alike: a file is read and every row judged by the checks a creating
/// request passes (<see cref="LedgerService.CheckCreateAsync"/>), giving a preview; the commit then creates each row
/// through <see cref="LedgerService.CreateAsync"/> in the background, under an Idempotency-Key made of the importing
/// organisation and the row's key (its 编号, else a hash of its cells as read), so a row becomes a record once
/// however often the file is imported. Nothing HTTP here: callers pass the caller, the bytes and the language.
/// </summary>
public sealed partial class ImportService(
    ImportStore store, LedgerService ledger, AccessPolicy access, RegistryReader registry, IOptions<JsonOptions> json,
    TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ImportService> logger)
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;
    public const int MaxListedErrors = 200;
    /// <summary>
    /// Rows in flight: enough that concurrent rows share storage transactions (group commit). At 96 a 10,000-row import
    /// took 11.7 s end to end against 14.4 s at 32; 256 was no faster.
    /// </summary>
    private const int Parallelism = 96;
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    private JsonSerializerOptions JsonOptions => json.Value.SerializerOptions;

    [GeneratedRegex("^imp-[0-9]{17}-[0-9a-f]{10}$")]
    private static partial Regex IdShape();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,50}$")]
    private static partial Regex RowKeyShape();

    /// <summary>Reads and judges a file; stores the import as previewed (201) unless the request itself is wrong.</summary>
    public async Task<ImportOutcome> PreviewAsync(Caller caller, string? kindName, string? organizationId, string fileName, byte[] content,
        CultureInfo culture, CancellationToken cancellationToken)
    {
        if (!ImportKinds.TryParse(kindName, out var kind))
        {
            return ImportOutcome.Problem(400, "kind", $"kind is one of: {string.Join(", ", ImportKinds.All.Select(RecordCollections.NameOf))}.");
        }

        var org = organizationId ?? caller.OrganizationId;
        if (org is null)
        {
            return ImportOutcome.Problem(400, "organizationId", "The administrator names the organisation it imports for in organizationId.");
        }

        if (!OrganizationIds.IsWellFormed(org))
        {
            return ImportOutcome.Problem(400, "organizationId", "organizationId must be a registered organisation.");
        }

        if (await access.DecideAsync(caller, AccessMatrix.ImportCreate, org) is var refused and not AccessMatrix.Allowed)
        {
            return ImportOutcome.Problem(refused, "organizationId", $"This token may not import records for {org}.");
        }

        if (content.Length == 0)
        {
            return ImportOutcome.Problem(400, "file", "Upload the spreadsheet as the multipart field file.");
        }

        if (content.Length > MaxFileBytes)
        {
            return ImportOutcome.Problem(413, "file", $"The file is at most {MaxFileBytes / 1024 / 1024} MiB.");
        }

        SheetContent sheet;
        try
        {
            sheet = SheetReader.Read(content, MaxRows);
        }
        catch (UnreadableFileException e)
        {
            return ImportOutcome.Problem(400, "file", e.Message);
        }

        var columns = ImportKinds.Columns(kind);
        if (columns.FirstOrDefault(c => !sheet.Headers.Contains(c.Header)) is { } missing)
        {
            return ImportOutcome.Problem(400, "file", $"The header lacks the column {missing.Header}: start from the template.");
        }

        var rows = sheet.Rows.Where(r => r.Cells.Any(c => CellReader.Text(c) is not null)).ToList();
        if (rows.Count == 0)
        {
            return ImportOutcome.Problem(400, "file", "The file holds no rows under its header.");
        }

        if (rows.Count > MaxRows)
        {
            return ImportOutcome.Problem(413, "file", $"The file holds at most {MaxRows} rows.");
        }

        var names = (await registry.ListAsync(null, null)).GroupBy(o => o.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var keyIndex = sheet.Headers.ToList().IndexOf(ImportKinds.RowKeyHeader);
        var indexes = columns.Select(c => sheet.Headers.ToList().IndexOf(c.Header)).ToArray();
        var verdicts = new RowVerdict[rows.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, _) => verdicts[i] = await JudgeAsync(kind, columns, indexes, keyIndex, rows[i], org, caller, names));

        // A row key names one row of the file: a second row under it would be skipped as "already imported".
        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var verdict in verdicts)
        {
            if (!firstByKey.TryAdd(verdict.Key, verdict.Row))
            {
                verdict.Errors.Add(new("id", $"The row key {verdict.ShownKey} is also that of row {firstByKey[verdict.Key]}."));
            }
        }

        var now = time.GetUtcNow();
        var job = new ImportJob
        {
            RowKey = $"imp-{now:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}",
            Kind = RecordCollections.NameOf(kind),
            OrganizationId = org,
            CallerOrganizationId = caller.OrganizationId,
            CallerIsAdmin = caller.IsAdmin,
            FileName = Path.GetFileName(fileName),
            Total = verdicts.Length,
            ErrorRows = verdicts.Count(v => v.Errors.Count > 0),
            AlreadyImported = verdicts.Count(v => v.Errors.Count == 0 && v.AlreadyImported),
            CreatedAt = now,
        };
        job.ToCreate = job.Total - job.ErrorRows - job.AlreadyImported;
        var errors = verdicts.SelectMany(v => v.Errors.Select(e => new ImportRowError(v.Row, ColumnOf(columns, e.Field), e.Field, "", e.Message)));
        await store.AddErrorsAsync(job.RowKey, 'p', errors, cancellationToken);
        await store.SaveRowsAsync(job.RowKey, verdicts.Where(v => v.Errors.Count == 0)
            .Select(v => new PreparedRow(v.Row, v.Key, JsonSerializer.SerializeToNode(v.Request, v.Request.GetType(), JsonOptions)!.AsObject())), cancellationToken);
        await store.SaveAsync(job, cancellationToken);
        return ImportOutcome.Ok(await StatusAsync(job, culture, cancellationToken), 201);
    }

    public async Task<ImportOutcome> GetAsync(Caller caller, string id, CultureInfo culture, CancellationToken cancellationToken)
    {
        var (job, problem) = await FindAsync(caller, id, AccessMatrix.ImportGet, cancellationToken);
        return job is null ? problem! : ImportOutcome.Ok(await StatusAsync(job, culture, cancellationToken));
    }

    /// <summary>
    /// Starts the commit in the background (202), or answers with the commit already running or done. An import with
    /// row errors is not committed (409 naming file): the file is fixed and uploaded again. A commit whose silo died
    /// (no progress for 30 s) is started again; rows it had created are then counted as skipped.
    /// </summary>
    public async Task<ImportOutcome> CommitAsync(Caller caller, string id, CultureInfo culture, CancellationToken cancellationToken)
    {
        var (job, problem) = await FindAsync(caller, id, AccessMatrix.ImportCommit, cancellationToken);
        if (job is null)
        {
            return problem!;
        }

        if (job.ErrorRows > 0)
        {
            return ImportOutcome.Problem(409, "file", $"{job.ErrorRows} rows have errors: fix them and upload the file again.");
        }

        var now = time.GetUtcNow();
        var alive = _running.ContainsKey(id) || (job.State == ImportStates.Committing && job.Heartbeat > now - StaleAfter);
        if (job.State == ImportStates.Completed || alive)
        {
            return ImportOutcome.Ok(await StatusAsync(job, culture, cancellationToken), job.State == ImportStates.Completed ? 200 : 202);
        }

        job.State = ImportStates.Committing;
        job.Heartbeat = now;
        job.Done = job.Created = job.Skipped = job.Failed = 0;
        job.Error = null;
        job.FinishedAt = null;
        if (!await store.TryUpdateAsync(job, cancellationToken))
        {
            // Another request started it a moment ago.
            return await GetAsync(caller, id, culture, cancellationToken) is { Import: { } current } ? ImportOutcome.Ok(current, 202) : problem!;
        }

        _running[id] = Task.Run(() => RunCommitAsync(job, lifetime.ApplicationStopping), CancellationToken.None);
        return ImportOutcome.Ok(await StatusAsync(job, culture, cancellationToken), 202);
    }

    /// <summary>Waits until this silo's commit of the import ends (tests and the benchmark; the API polls the status instead).</summary>
    public Task WhenCommittedAsync(string id) => _running.TryGetValue(id, out var running) ? running : Task.CompletedTask;

    private async Task RunCommitAsync(ImportJob job, CancellationToken stopping)
    {
        var kind = ImportKinds.All.Single(k => RecordCollections.NameOf(k) == job.Kind);
        var caller = new Caller(job.CallerOrganizationId, job.CallerIsAdmin);
        var errors = new ConcurrentBag<ImportRowError>();
        int done = 0, created = 0, skipped = 0, failed = 0;
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var progress = Task.CompletedTask;
        // The outcome is put on the job only once the progress writer has stopped: a progress save in flight must not
        // store "completed" beside the counts of a second ago (a client would take those for the result).
        var (state, error) = (ImportStates.Completed, (string?)null);
        try
        {
            var rows = await store.LoadRowsAsync(job.RowKey, stopping);
            progress = ReportProgressAsync(job, () => (done, created, skipped, failed), progressStop.Token);
            await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stopping }, async (row, t) =>
            {
                var request = (IRecordRequest)row.Request.Deserialize(LedgerService.RequestType(kind), JsonOptions)!;
                var outcome = await CreateOneAsync(kind, request, caller, row.Key, t);
                if (outcome.Record is not null)
                {
                    Interlocked.Increment(ref outcome.Replayed ? ref skipped : ref created);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    foreach (var (field, messages) in outcome.Errors?.ToDictionary() ?? [])
                    {
                        foreach (var message in messages)
                        {
                            errors.Add(new ImportRowError(row.Row, ColumnOf(ImportKinds.Columns(kind), field), field, "", message));
                        }
                    }
                }

                Interlocked.Increment(ref done);
            });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.CommitFailed(logger, e, job.RowKey);
            (state, error) = (ImportStates.Failed,
                e is OperationCanceledException ? "The server stopped during the commit; commit again to finish it." : "Storage or the silo did not answer in time.");
        }

        await progressStop.CancelAsync();
        await progress;
        (job.State, job.Error) = (state, error);
        (job.Done, job.Created, job.Skipped, job.Failed) = (done, created, skipped, failed);
        job.FinishedAt = time.GetUtcNow();
        job.Heartbeat = job.FinishedAt;
        try
        {
            await store.AddErrorsAsync(job.RowKey, 'c', errors.OrderBy(e => e.Row), CancellationToken.None);
            await store.SaveAsync(job, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The heartbeat stops, so the next commit request starts it again (every row it created is then skipped).
            Log.CommitFailed(logger, e, job.RowKey);
        }
        finally
        {
            _running.TryRemove(job.RowKey, out _);
        }
    }

    private async Task<LedgerOutcome> CreateOneAsync(RecordKind kind, IRecordRequest request, Caller caller, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await ledger.CreateAsync(kind, request, caller, key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One row that storage failed on is reported with its row; the commit goes on (a second commit retries it).
            Log.RowFailed(logger, e, key);
            return LedgerOutcome.Problem(503, "storage", "Storage or the silo did not answer in time.");
        }
    }

    private async Task ReportProgressAsync(ImportJob job, Func<(int Done, int Created, int Skipped, int Failed)> counts, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                (job.Done, job.Created, job.Skipped, job.Failed) = counts();
                job.Heartbeat = time.GetUtcNow();
                try
                {
                    await store.SaveAsync(job, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ProgressFailed(logger, e, job.RowKey);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<RowVerdict> JudgeAsync(RecordKind kind, IReadOnlyList<ImportColumn> columns, int[] indexes, int keyIndex, SheetRow row,
        string org, Caller caller, IReadOnlyDictionary<string, string> names)
    {
        var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new List<(string Field, string Message)>();
        for (var c = 0; c < columns.Count; c++)
        {
            var (value, error) = CellReader.Read(columns[c], indexes[c] < row.Cells.Count ? row.Cells[indexes[c]] : null, names);
            if (error is not null)
            {
                errors.Add((columns[c].Field, error));
            }
            else if (value is not null)
            {
                cells[columns[c].Field] = value;
            }
        }

        var request = ImportKinds.Request(kind, cells, org);
        var (_, problem) = await ledger.CheckCreateAsync(request, caller);
        foreach (var (field, messages) in problem?.Errors?.ToDictionary() ?? [])
        {
            // A cell that could not be read is reported once, by the reader, not again as missing.
            if (!errors.Any(e => e.Field == field))
            {
                errors.AddRange(messages.Select(m => (field, m)));
            }
        }

        var shownKey = keyIndex >= 0 && keyIndex < row.Cells.Count ? CellReader.Text(row.Cells[keyIndex]) : null;
        var key = IdempotencyKey(kind, org, shownKey, columns.Select(c => CellReader.Normalized(cells.GetValueOrDefault(c.Field))));
        var already = false;
        if (errors.Count == 0 && await ledger.FindIdempotentAsync(kind, request, caller, key) is { } claim)
        {
            if (claim.BodyDiffers)
            {
                errors.Add(("id", $"The row key {shownKey ?? key} was imported before with other content."));
            }

            already = true;
        }

        return new RowVerdict(row.Number, key, shownKey ?? key, request, [.. errors.Select(e => new RowProblem(e.Field, e.Message))], already);
    }

    /// <summary>
    /// The Idempotency-Key of a row: the importing organisation, '.', and the row's 编号 when it is a short token of
    /// the allowed characters, else a hash of the 编号, else a hash of the row's cells as read.
    /// </summary>
    public static string IdempotencyKey(RecordKind kind, string organizationId, string? rowKey, IEnumerable<string> normalizedCells)
    {
        if (rowKey is not null && RowKeyShape().IsMatch(rowKey))
        {
            return $"{organizationId}.{rowKey}";
        }

        var hashed = rowKey is not null
            ? "k" + Hash(rowKey.Normalize(NormalizationForm.FormKC))
            : "r" + Hash(RecordCollections.NameOf(kind) + "\u001f" + string.Join("\u001f", normalizedCells));
        return $"{organizationId}.{hashed}";
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];

    private async Task<(ImportJob? Job, ImportOutcome? Problem)> FindAsync(Caller caller, string id, AccessEndpoint endpoint, CancellationToken cancellationToken)
    {
        var job = IdShape().IsMatch(id) ? await store.GetAsync(id, cancellationToken) : null;
        if (job is null)
        {
            return (null, ImportOutcome.Problem(404, "id", $"No import {id}."));
        }

        return await access.DecideAsync(caller, endpoint, job.OrganizationId) is var status and not AccessMatrix.Allowed
            ? (null, ImportOutcome.Problem(status, "id", $"This token may not import records for {job.OrganizationId}."))
            : (job, null);
    }

    private async Task<ImportStatus> StatusAsync(ImportJob job, CultureInfo culture, CancellationToken cancellationToken)
    {
        var (errors, truncated) = await store.ListErrorsAsync(job.RowKey, MaxListedErrors, cancellationToken);
        return new ImportStatus(job.RowKey, job.Kind, job.OrganizationId, job.FileName, job.State,
            job.Total, job.ToCreate, job.AlreadyImported, job.ErrorRows, job.Done, job.Created, job.Skipped, job.Failed,
            job.CreatedAt, job.FinishedAt, job.Error is null ? null : ProblemCatalog.Translate("", job.Error, culture).Text,
            [.. errors.Select(e =>
            {
                var text = ProblemCatalog.Translate(e.Field, e.Message, culture);
                return new ImportRowError(e.Row, e.Column, e.Field, text.Code, text.Text);
            })],
            truncated);
    }

    private static string ColumnOf(IReadOnlyList<ImportColumn> columns, string field) =>
        field == "id" ? ImportKinds.RowKeyHeader : columns.FirstOrDefault(c => c.Field == field)?.Header ?? ChineseLabels.Field(field);

    private sealed record RowProblem(string Field, string Message);

    private sealed record RowVerdict(int Row, string Key, string ShownKey, IRecordRequest Request, List<RowProblem> Errors, bool AlreadyImported);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, EventName = "ImportCommitFailed", Level = LogLevel.Error, Message = "Import {ImportId}: the commit failed.")]
        public static partial void CommitFailed(ILogger logger, Exception exception, string importId);

        [LoggerMessage(EventId = 4002, EventName = "ImportRowFailed", Level = LogLevel.Warning, Message = "Import row {Key}: storage failed; the row is reported as failed.")]
        public static partial void RowFailed(ILogger logger, Exception exception, string key);

        [LoggerMessage(EventId = 4003, EventName = "ImportProgressFailed", Level = LogLevel.Warning, Message = "Import {ImportId}: progress could not be written.")]
        public static partial void ProgressFailed(ILogger logger, Exception exception, string importId);
    }
}
