using Microsoft.AspNetCore.Http.HttpResults;

namespace Baoji.Exchange.Server.Api;

/// <summary>The problem+json responses of the API, each naming the field at fault where there is one.</summary>
public static class Problems
{
    public static ProblemHttpResult Status(int status, string title, string field, string message) =>
        TypedResults.Problem(
            detail: message,
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>A refusal of <see cref="Identity.AccessMatrix"/>: 403, or 404 where the matrix hides the resource.</summary>
    public static ProblemHttpResult Refused(int status, string field, string message) =>
        Status(status, status == StatusCodes.Status404NotFound ? "Not found" : "Forbidden", field, message);

    public static ProblemHttpResult Invalid(FieldErrors errors) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "One or more fields are invalid.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary() });

    public static ProblemHttpResult Invalid(string field, string message) => Invalid(FieldErrors.Of(field, message));

    public static ProblemHttpResult NotFound(string field, string message) => Status(StatusCodes.Status404NotFound, "Not found", field, message);

    public static ProblemHttpResult Forbidden(string field, string message) => Status(StatusCodes.Status403Forbidden, "Forbidden", field, message);

    public static ProblemHttpResult Conflict(string field, string message) => Status(StatusCodes.Status409Conflict, "Conflict", field, message);

    public static ProblemHttpResult Unprocessable(string field, string message) =>
        Status(StatusCodes.Status422UnprocessableEntity, "Unprocessable request", field, message);

    /// <summary>A service's refusal (its status and field errors): 400 lists every field; 403/404, 409 and 422 name the first.</summary>
    public static ProblemHttpResult Of(int status, FieldErrors errors)
    {
        if (status == StatusCodes.Status400BadRequest)
        {
            return Invalid(errors);
        }

        var (field, messages) = errors.ToDictionary().First();
        return status switch
        {
            StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound => Refused(status, field, messages[0]),
            StatusCodes.Status409Conflict => Conflict(field, messages[0]),
            _ => Unprocessable(field, messages[0]),
        };
    }
}
