using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Api;

/// <summary>
/// The OpenAPI document the server serves is the one committed in docs/openapi (written by the build), and it tells a
/// client what it needs: a success schema and the problem answers of every operation, and how to authenticate.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OpenApiDocumentTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private const string CommittedPath = "docs/openapi/Baoji.Exchange.Server.json";
    private const string ProblemJson = "application/problem+json";

    private readonly ServerFactory _server = shared.Get(azurite, "openapi");

    [Fact]
    public async Task The_served_document_equals_the_committed_one()
    {
        var served = await ServedAsync();
        var committedFile = Committed();
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(committedFile))!;

        if (!JsonNode.DeepEquals(served, committed))
        {
            var servedFile = Path.Combine(Path.GetTempPath(), $"openapi-served-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(servedFile, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            var differences = Differences(committed, served, "$").Take(20).ToList();
            Assert.Fail(
                $"The served OpenAPI document differs from {CommittedPath}. Regenerate it with " +
                "`dotnet build src/Baoji.Exchange.Server` (the build writes it) and commit it.\n" +
                $"Served document: {servedFile}\nCompare: diff {committedFile} {servedFile}\nFirst differences:\n" +
                string.Join("\n", differences));
        }
    }

    [Fact]
    public async Task Every_api_operation_declares_a_success_schema_and_its_problems()
    {
        var document = await ServedAsync();
        var missing = new List<string>();
        var operations = Operations(document).ToList();
        Assert.True(operations.Count > 40, $"only {operations.Count} operations under /api/v1");

        foreach (var (name, operation) in operations)
        {
            var responses = operation["responses"]!.AsObject();
            var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (successes.Count == 0)
            {
                missing.Add($"{name}: no 2xx response");
            }

            foreach (var (status, response) in successes)
            {
                // 204 has no body; every other success names each media type it answers with, each with a schema.
                var content = response?["content"]?.AsObject();
                if (status != "204" && (content is null || content.Count == 0 || content.Any(c => c.Value?["schema"] is null)))
                {
                    missing.Add($"{name}: {status} without a schema for each content type");
                }
            }

            var problems = responses.Where(r => r.Value?["content"]?[ProblemJson]?["schema"] is not null).Select(r => r.Key).ToList();
            if (problems.Count == 0 || problems.Any(p => p[0] is not ('4' or '5')))
            {
                missing.Add($"{name}: no 4xx/5xx {ProblemJson} response");
            }

            if (!problems.Contains("401"))
            {
                missing.Add($"{name}: no 401 problem");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task The_bearer_scheme_is_declared_and_required_by_every_api_operation()
    {
        var document = await ServedAsync();

        var scheme = document["components"]?["securitySchemes"]?["bearer"];
        Assert.NotNull(scheme);
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);

        var unsecured = Operations(document)
            .Where(o => o.Operation["security"]?.AsArray().Any(r => r?["bearer"] is not null) != true)
            .Select(o => o.Name)
            .ToList();
        Assert.True(unsecured.Count == 0, "without the bearer requirement: " + string.Join(", ", unsecured));
        Assert.Null(document["servers"]);
    }

    [Fact]
    public async Task The_reference_page_is_served_at_docs()
    {
        var response = await _server.CreateClient().GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Baoji.Exchange API", page);
        // The page's token field is the document's bearer scheme, preferred (Scalar's configuration, in the page).
        Assert.Contains("\"preferredSecurityScheme\"", page);
        Assert.Contains("\"bearer\"", page);
    }

    private async Task<JsonNode> ServedAsync()
    {
        var response = await _server.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonNode document)
    {
        string[] verbs = ["get", "put", "post", "delete", "patch"];
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (verb, operation) in item!.AsObject().Where(o => verbs.Contains(o.Key)))
            {
                yield return ($"{verb.ToUpperInvariant()} {path}", operation!.AsObject());
            }
        }
    }

    /// <summary>The JSON paths at which two documents differ, each with both values (shortened).</summary>
    private static IEnumerable<string> Differences(JsonNode? expected, JsonNode? actual, string path)
    {
        if (expected is JsonObject e && actual is JsonObject a)
        {
            foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
            {
                foreach (var difference in Differences(e[key], a[key], $"{path}.{key}"))
                {
                    yield return difference;
                }
            }
        }
        else if (expected is JsonArray ea && actual is JsonArray aa && ea.Count == aa.Count)
        {
            for (var i = 0; i < ea.Count; i++)
            {
                foreach (var difference in Differences(ea[i], aa[i], $"{path}[{i}]"))
                {
                    yield return difference;
                }
            }
        }
        else if (!JsonNode.DeepEquals(expected, actual))
        {
            yield return $"  {path}: committed {Short(expected)}, served {Short(actual)}";
        }
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(absent)";
        return text.Length <= 120 ? text : new StringBuilder(text, 0, 117, 120).Append("...").ToString();
    }

    private static string Committed()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, CommittedPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{CommittedPath} is not above {AppContext.BaseDirectory}: build src/Baoji.Exchange.Server to write it.");
    }
}
