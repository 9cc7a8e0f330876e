using Microsoft.AspNetCore.Mvc;

namespace Baoji.Exchange.Server.Api.OpenApi;

/// <summary>
/// Declares the problem+json answers of endpoints, for the OpenAPI document. <see cref="Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult"/>
/// cannot declare them itself (its status is decided at run time), so each endpoint names the statuses it can answer.
/// </summary>
internal static class ProblemResponses
{
    private static readonly string[] ProblemJson = ["application/problem+json"];

    /// <summary>
    /// What every authenticated API endpoint can answer, whatever it does: 401 (no or unknown token; the bearer handler),
    /// 429 (the rate limiter) and 503 with Retry-After (storage or the silo did not answer; StorageUnavailableHandler).
    /// </summary>
    public static TBuilder ProducesCommonProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);

    /// <summary>400 is a validation problem (its <c>errors</c> name every field at fault); the others a problem naming one.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            var type = status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, type, ProblemJson));
        }

        return builder;
    }
}
