using System.Globalization;
using Baoji.Exchange.Server.Api.Localization;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Imports;
using Baoji.Exchange.Server.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

/// <summary>Spreadsheet imports: templates, upload with preview, commit in the background, status.</summary>
public static class ImportsApi
{
    public static RouteGroupBuilder MapImportsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/imports").WithTags("Imports").RequireAuthorization().ProducesCommonProblems();
        api.MapGet("templates/{file}", Template).RequireAccess(AccessMatrix.ImportTemplate)
            .WithSummary("The template of a record kind: visits|staff-exchanges|trainings|agreements, .xlsx or .csv")
            .Produces<Stream>(StatusCodes.Status200OK, contentType: ImportTemplates.XlsxMediaType, ImportTemplates.CsvMediaType)
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        // The body is the file and a few form fields: 10 MiB for the file, some room for the multipart framing. A larger
        // file is refused naming "file" either way (here before it is read, in the service after).
        api.MapPost("", UploadAsync).WithBodyLimit(ImportService.MaxFileBytes + (256 * 1024), streamed: true, field: "file").DisableAntiforgery()
            .WithSummary("Upload a spreadsheet (multipart: file, kind, organizationId): the preview, with each bad row's errors by column")
            .Accepts<ImportUploadForm>("multipart/form-data")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        api.MapGet("{id}", GetAsync).WithSummary("An import: its preview, or its commit's progress and result")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("{id}/commit", CommitAsync).WithSummary("Create the previewed rows as records, in the background (202; poll the import)")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Template(string file)
    {
        var dot = file.LastIndexOf('.');
        var format = dot < 0 ? "" : file[(dot + 1)..];
        if (dot < 0 || !ImportKinds.TryParse(file[..dot], out var kind) || format is not ("xlsx" or "csv"))
        {
            return Problems.NotFound("file", "A template is visits, staff-exchanges, trainings or agreements, with .xlsx or .csv.");
        }

        return format == "xlsx"
            ? TypedResults.File(ImportTemplates.Xlsx(kind), ImportTemplates.XlsxMediaType, ImportTemplates.FileName(kind, format))
            : TypedResults.File(ImportTemplates.Csv(kind), ImportTemplates.CsvMediaType, ImportTemplates.FileName(kind, format));
    }

    private static async Task<Results<Created<ImportStatus>, Accepted<ImportStatus>, Ok<ImportStatus>, ProblemHttpResult>> UploadAsync(HttpContext http, ImportService imports)
    {
        if (!http.Request.HasFormContentType)
        {
            return Problems.Invalid("file", "Upload the spreadsheet as the multipart field file.");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            // Said to be multipart, but not multipart: no boundary where one should be (found by the fuzz: it answered 500).
            return Problems.Invalid("file", "Upload the spreadsheet as the multipart field file.");
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return Problems.Invalid("file", "Upload the spreadsheet as the multipart field file.");
        }

        if (file.Length > ImportService.MaxFileBytes)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", "file", $"The file is at most {ImportService.MaxFileBytes / 1024 / 1024} MiB.");
        }

        using var content = new MemoryStream((int)file.Length);
        await file.CopyToAsync(content, http.RequestAborted);
        var outcome = await imports.PreviewAsync(http.Caller(), form["kind"].FirstOrDefault(), form["organizationId"].FirstOrDefault(), file.FileName,
            content.ToArray(), Language(http), http.RequestAborted);
        return Respond(outcome);
    }

    private static async Task<Results<Created<ImportStatus>, Accepted<ImportStatus>, Ok<ImportStatus>, ProblemHttpResult>> GetAsync(string id, HttpContext http, ImportService imports) =>
        Respond(await imports.GetAsync(http.Caller(), id, Language(http), http.RequestAborted));

    private static async Task<Results<Created<ImportStatus>, Accepted<ImportStatus>, Ok<ImportStatus>, ProblemHttpResult>> CommitAsync(string id, HttpContext http, ImportService imports) =>
        Respond(await imports.CommitAsync(http.Caller(), id, Language(http), http.RequestAborted), $"/api/v1/imports/{id}");

    /// <summary>Imports are read by people who work in Chinese: row errors are in Chinese unless the request asks otherwise.</summary>
    private static CultureInfo Language(HttpContext http) =>
        http.Request.Headers.AcceptLanguage.Count == 0 ? ProblemLanguage.Chinese : ProblemLanguage.Of(http.Request);

    private static Results<Created<ImportStatus>, Accepted<ImportStatus>, Ok<ImportStatus>, ProblemHttpResult> Respond(ImportOutcome outcome, string? location = null)
    {
        if (outcome.Import is not { } import)
        {
            return outcome.Status == StatusCodes.Status400BadRequest
                ? Problems.Invalid(outcome.Field!, outcome.Message!)
                : Problems.Status(outcome.Status, Title(outcome.Status), outcome.Field!, outcome.Message!);
        }

        return outcome.Status switch
        {
            StatusCodes.Status201Created => TypedResults.Created($"/api/v1/imports/{import.Id}", import),
            StatusCodes.Status202Accepted => TypedResults.Accepted(location ?? $"/api/v1/imports/{import.Id}", import),
            _ => TypedResults.Ok(import),
        };
    }

    private static string Title(int status) => status switch
    {
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Payload too large",
        _ => "Unprocessable request",
    };
}

/// <summary>The multipart form of POST /api/v1/imports (its OpenAPI schema; the endpoint reads the form itself).</summary>
/// <param name="File">The spreadsheet, .xlsx or .csv, from the template of its kind.</param>
/// <param name="Kind">visits, staff-exchanges, trainings or agreements.</param>
/// <param name="OrganizationId">The organisation the records are logged for (the administrator names it; others' default to their own).</param>
public sealed record ImportUploadForm(IFormFile File, string Kind, string? OrganizationId = null);
