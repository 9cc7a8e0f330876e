using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Figures;

/// <summary>
/// Random operations (1,000 in the suite) through the HTTP API, eight at a time, many of them sent twice with the same
/// Idempotency-Key; afterwards the maintained figures of every year touched equal a recomputation from the records
/// (the audit), and the report equals figures this test computes itself from the records' final state.
/// Set FIGURES_FUZZ_SEED to replay a seed.
/// </summary>
[Collection(FiguresCollection.Name)]
public sealed class FiguresFuzzTests(AzuriteFixture azurite, FiguresServer shared, ITestOutputHelper output) : IClassFixture<FiguresServer>
{
    /// <summary>1,000 in the suite; FIGURES_FUZZ_OPERATIONS sets more (the README's full run: 10,000).</summary>
    private static readonly int Operations = int.TryParse(Environment.GetEnvironmentVariable("FIGURES_FUZZ_OPERATIONS"), out var n) && n >= 100 ? n : 1000;
    private const int Concurrency = 8;
    private const int FirstYear = 2005;
    private const int LastYear = 2008;

    private static readonly string[] Collections = ["visits", "staff-exchanges", "trainings"];
    private static readonly string[] Subjects = ["机械加工", "电子技术", "烹饪", "语文", "数学"];

    private readonly ServerFactory _server = shared.Get(azurite, "fuzz", loadLedger: false);
    private readonly ConcurrentDictionary<string, string> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<(string Collection, string First, string Second)> _duplicates = [];
    private readonly ConcurrentDictionary<string, bool> _merges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _failures = [];
    private readonly Lock _gate = new();
    private Random _random = new(0);

    [Fact]
    public async Task Random_operations_leave_the_maintained_figures_equal_to_a_recomputation()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FIGURES_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed} (FIGURES_FUZZ_SEED={seed} replays the choices; their interleaving differs)");
        _random = new Random(seed);
        var admin = _server.Admin();
        await admin.ReportAsync(FirstYear, Orgs.Baoji);

        var clock = Stopwatch.StartNew();
        // A few records first, so that the first operations have something to act on.
        for (var i = 0; i < Concurrency; i++)
        {
            await CreateAsync(admin, Plan());
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, Operations - Concurrency), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (_, _) => await RunOneAsync(admin));
        var operationsTook = clock.Elapsed;
        output.WriteLine($"{Operations} operations in {operationsTook.TotalSeconds:F1} s ({Operations / operationsTook.TotalSeconds:F0}/s at {Concurrency} at a time); {_records.Count} records");
        foreach (var (outcome, count) in _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {outcome,-32} {count,5}");
        }

        Assert.True(_failures.IsEmpty, $"{_failures.Count} unexpected responses (seed {seed}):\n{string.Join("\n", _failures.Take(20))}");

        // Every kind of operation really happened, retries and merges included.
        foreach (var expected in new[] { "create 201", "create retry same id", "confirm 200", "dispute 200", "correct 200", "withdraw 200", "merge 201", "unmerge 200" })
        {
            Assert.True(_outcomes.GetValueOrDefault(expected) > 0, $"no \"{expected}\" in the run (seed {seed})");
        }

        clock.Restart();
        var audited = 0;
        for (var year = FirstYear - 1; year <= LastYear + 2; year++)
        {
            foreach (var perspective in new[] { Orgs.Baoji, Orgs.Xuzhou })
            {
                var audit = await admin.AuditAsync(year, perspective);
                Assert.True((bool)audit["equal"]!, $"{year} from {perspective} (seed {seed}): {audit.Describe()}");
                audited += (int)audit["records"]!;
            }
        }

        output.WriteLine($"audits of {FirstYear - 1}–{LastYear + 2} from both sides ({audited} record-years) in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var final = new ConcurrentBag<JsonObject>();
        await Parallel.ForEachAsync(_records, new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (record, _) => final.Add(await admin.GetJsonAsync($"/api/v1/{record.Value}/{record.Key}")));
        var checkedFigures = 0;
        for (var year = FirstYear - 1; year <= LastYear + 2; year++)
        {
            foreach (var perspective in new[] { Orgs.Baoji, Orgs.Xuzhou })
            {
                checkedFigures += CompareWithOwnCount(await admin.ReportAsync(year, perspective), final, year, perspective, seed);
            }
        }

        output.WriteLine($"{checkedFigures} report figures equal to the test's own count of {final.Count} records, in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private async Task RunOneAsync(HttpClient admin)
    {
        var choice = Draw(r => r.Next(100));
        switch (choice)
        {
            case < 26:
                await CreateAsync(admin, Plan());
                break;
            case < 32:
                await DuplicateAsync(admin);
                break;
            case < 44:
                await ActAsync(admin, "confirm");
                break;
            case < 50:
                await ActAsync(admin, "dispute");
                break;
            case < 72:
                await CorrectAsync(admin);
                break;
            case < 78:
                await ActAsync(admin, "withdraw");
                break;
            case < 91:
                await MergeAsync(admin);
                break;
            default:
                await UnmergeAsync(admin);
                break;
        }
    }

    private async Task CreateAsync(HttpClient admin, JsonObject plan)
    {
        var collection = (string)plan["collection"]!;
        var body = plan["body"]!.AsObject();
        var key = Draw(r => $"fz-{r.Next():x8}");
        var (first, second) = await SendMaybeTwiceAsync(admin, () => FiguresHttp.Post($"/api/v1/{collection}", body.DeepClone(), key), "create");
        if (first.Status == HttpStatusCode.Created)
        {
            _records[first.Body!.Id()] = collection;
        }

        Expect("create", first, HttpStatusCode.Created);
        if (second is { } retry)
        {
            Expect("create retry", retry, HttpStatusCode.Created);
            if (retry.Body?["id"] is not null && first.Body?["id"] is not null)
            {
                Tally(retry.Body.Id() == first.Body.Id() ? "create retry same id" : "create retry ANOTHER id");
                if (retry.Body.Id() != first.Body.Id())
                {
                    _failures.Add($"create retried with key {key} made {first.Body.Id()} and {retry.Body.Id()}");
                }
            }
        }
    }

    /// <summary>The other side logs the same event again (a probable duplicate to merge).</summary>
    private async Task DuplicateAsync(HttpClient admin)
    {
        var (id, collection) = PickRecord();
        var original = await admin.GetJsonAsync($"/api/v1/{collection}/{id}");
        var body = new JsonObject();
        foreach (var field in BodyFields(collection))
        {
            body[field] = original[field]?.DeepClone();
        }

        var (a, b) = Parties(collection, original);
        body["loggedBy"] = (string?)original["loggedBy"] == a ? b : a;
        var response = await admin.SendAsync(FiguresHttp.Post($"/api/v1/{collection}", body));
        var created = await ReadAsync(response);
        Expect("duplicate", created, HttpStatusCode.Created);
        if (created.Status == HttpStatusCode.Created)
        {
            var duplicate = created.Body!.Id();
            _records[duplicate] = collection;
            _duplicates.Add((collection, id, duplicate));
        }
    }

    private async Task ActAsync(HttpClient admin, string action)
    {
        var (id, collection) = PickRecord();
        var record = await admin.GetJsonAsync($"/api/v1/{collection}/{id}");
        var (a, b) = Parties(collection, record);
        var loggedBy = (string)record["loggedBy"]!;
        var counterpart = Orgs.IsBaoji(loggedBy) == Orgs.IsBaoji(a) ? b : a;
        var (path, body) = action switch
        {
            "confirm" => ("confirmation", new JsonObject { ["orgId"] = counterpart }),
            "dispute" => ("dispute", new JsonObject { ["orgId"] = counterpart, ["reason"] = "对方记录有误" }),
            _ => ("withdrawal", new JsonObject { ["reason"] = "重复登记" }),
        };
        var key = Draw(r => $"fz-{r.Next():x8}");
        var (first, second) = await SendMaybeTwiceAsync(admin, () => FiguresHttp.Post($"/api/v1/{collection}/{id}/{path}", body.DeepClone(), key), action);
        // Another operation may have got there first: confirming a confirmed record or withdrawing a withdrawn one is
        // a 409; a correction since the record was read may have made another organisation the counterpart (403).
        HttpStatusCode[] allowed = action == "withdraw" ? [HttpStatusCode.OK, HttpStatusCode.Conflict] : [HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.Forbidden];
        Expect(action, first, allowed);
        if (second is { } retry)
        {
            // A retry of an operation that was applied is answered as it was.
            Expect($"{action} retry", retry, first.Status == HttpStatusCode.OK ? [HttpStatusCode.OK] : allowed);
        }
    }

    private async Task CorrectAsync(HttpClient admin)
    {
        var (id, collection) = PickRecord();
        var record = await admin.GetJsonAsync($"/api/v1/{collection}/{id}");
        var changes = Draw(r => Changes(r, collection, record));
        var key = Draw(r => $"fz-{r.Next():x8}");
        var body = new JsonObject { ["reason"] = "更正", ["changes"] = changes };
        var (first, second) = await SendMaybeTwiceAsync(admin,
            () => FiguresHttp.Patch($"/api/v1/{collection}/{id}", body.DeepClone(), record.Version(), key), "correct");
        // 412: someone changed the record since it was read; 409: it was withdrawn; 400: the change changed nothing.
        Expect("correct", first, HttpStatusCode.OK, HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict, HttpStatusCode.BadRequest);
        if (first.Status == HttpStatusCode.BadRequest && !first.Text.Contains("changes nothing", StringComparison.Ordinal))
        {
            _failures.Add($"correct {id} with {changes.ToJsonString()}: {first.Text}");
        }

        if (second is { } retry)
        {
            Expect("correct retry", retry, HttpStatusCode.OK, HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict, HttpStatusCode.BadRequest);
            if (first.Status == HttpStatusCode.OK && retry.Status != HttpStatusCode.OK)
            {
                _failures.Add($"correct {id} applied, then its retry with the same key got {(int)retry.Status}: {retry.Text}");
            }
        }
    }

    private async Task MergeAsync(HttpClient admin)
    {
        var pairs = _duplicates.ToArray();
        if (pairs.Length == 0)
        {
            return;
        }

        var (keep, duplicate) = Draw(r =>
        {
            var (_, first, second) = pairs[r.Next(pairs.Length)];
            return r.Next(4) == 0 ? (second, first) : (first, second);
        });
        var body = new JsonObject { ["keepId"] = keep, ["duplicateId"] = duplicate };
        var (response, retried) = await SendMaybeTwiceAsync(admin, () => FiguresHttp.Post("/api/v1/reconciliation/merges", body.DeepClone()), "merge");
        // 409: one of them is withdrawn, disputed or merged elsewhere; 422: a correction made the parties differ.
        Expect("merge", response, HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity);
        foreach (var outcome in new[] { response, retried })
        {
            if (outcome?.Status == HttpStatusCode.Created)
            {
                _merges[(string)outcome.Body!["id"]!] = true;
            }
        }

        if (retried is { } retry)
        {
            Expect("merge retry", retry, HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity);
        }
    }

    private async Task UnmergeAsync(HttpClient admin)
    {
        var merges = _merges.Keys.ToArray();
        if (merges.Length == 0)
        {
            return;
        }

        var id = Draw(r => merges[r.Next(merges.Length)]);
        var (first, second) = await SendMaybeTwiceAsync(admin, () => FiguresHttp.Post($"/api/v1/reconciliation/merges/{id}/withdrawal", new JsonObject()), "unmerge");
        Expect("unmerge", first, HttpStatusCode.OK);
        if (second is { } retry)
        {
            Expect("unmerge retry", retry, HttpStatusCode.OK);
        }
    }

    /// <summary>Sends the request, and one time in four the very same request again (at once or after the first answer).</summary>
    private async Task<(Outcome First, Outcome? Second)> SendMaybeTwiceAsync(HttpClient client, Func<HttpRequestMessage> request, string what)
    {
        var mode = Draw(r => r.Next(8));
        if (mode == 0)
        {
            Tally($"{what} retry (concurrent)");
            var both = await Task.WhenAll(client.SendAsync(request()), client.SendAsync(request()));
            return (await ReadAsync(both[0]), await ReadAsync(both[1]));
        }

        var first = await ReadAsync(await client.SendAsync(request()));
        if (mode == 1)
        {
            Tally($"{what} retry (after)");
            return (first, await ReadAsync(await client.SendAsync(request())));
        }

        return (first, null);
    }

    private void Expect(string what, Outcome outcome, params HttpStatusCode[] allowed)
    {
        Tally($"{what} {(int)outcome.Status}");
        if (!allowed.Contains(outcome.Status))
        {
            _failures.Add($"{what}: {(int)outcome.Status} {outcome.Text}");
        }
    }

    private void Tally(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    private static async Task<Outcome> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? body = null;
        if (text.StartsWith('{'))
        {
            body = JsonNode.Parse(text)!.AsObject();
        }

        return new Outcome(response.StatusCode, text, body);
    }

    private sealed record Outcome(HttpStatusCode Status, string Text, JsonObject? Body);

    private T Draw<T>(Func<Random, T> draw)
    {
        lock (_gate)
        {
            return draw(_random);
        }
    }

    private (string Id, string Collection) PickRecord()
    {
        var all = _records.ToArray();
        return Draw(r =>
        {
            var pick = all[r.Next(all.Length)];
            return (pick.Key, pick.Value);
        });
    }

    /// <summary>A new record of a random kind between random organisations of the five county pairs (sometimes across pairs).</summary>
    private JsonObject Plan() => Draw(r =>
    {
        var collection = Collections[r.Next(Collections.Length)];
        var body = new JsonObject();
        SetParties(r, collection, body, level: r.Next(2) == 0 ? "bureau" : "school");
        SetDates(r, collection, body);
        switch (collection)
        {
            case "visits":
                body["delegationSize"] = r.Next(1, 12);
                body["purpose"] = "交流考察";
                break;
            case "staff-exchanges":
                body["personRef"] = $"P-{r.Next(12)}";
                body["displayName"] = "王老师";
                body["role"] = r.Next(3) == 0 ? "cadre" : "teacher";
                body["subject"] = Subjects[r.Next(Subjects.Length)];
                break;
            default:
                SetTrainingKind(r, body);
                body["subjects"] = new JsonArray([.. Subjects.Where(_ => r.Next(3) == 0).Select(s => (JsonNode)s)]);
                body["sessions"] = r.Next(1, 20);
                body["trainees"] = r.Next(1, 200);
                break;
        }

        // Logged by a party, or by the city bureau above one (whose records may move to any county).
        var (a, b) = Parties(collection, body);
        var logger = r.Next(2) == 0 ? a : b;
        body["loggedBy"] = r.Next(3) == 0 ? (Orgs.IsBaoji(logger) ? Orgs.Baoji : Orgs.Xuzhou) : logger;
        return new JsonObject { ["collection"] = collection, ["body"] = body };
    });

    /// <summary>One to three changes: dates (often into another year), parties (often into other counties), numbers, the person.</summary>
    private static JsonObject Changes(Random r, string collection, JsonObject record)
    {
        var changes = new JsonObject();
        var kinds = r.Next(1, 4);
        for (var i = 0; i < kinds; i++)
        {
            switch (r.Next(4))
            {
                case 0:
                    SetDates(r, collection, changes);
                    break;
                case 1:
                    SetParties(r, collection, changes, collection == "visits" ? (string)record["level"]! : r.Next(2) == 0 ? "bureau" : "school");
                    KeepTheLogger(collection, record, changes);
                    break;
                case 2 when collection == "staff-exchanges":
                    changes["personRef"] = $"P-{r.Next(12)}";
                    break;
                case 2 when collection == "trainings":
                    changes["sessions"] = r.Next(1, 20);
                    changes["trainees"] = r.Next(1, 200);
                    SetTrainingKind(r, changes);
                    break;
                default:
                    if (collection == "visits")
                    {
                        changes["delegationSize"] = r.Next(1, 12);
                    }
                    else if (collection == "trainings")
                    {
                        changes["subjects"] = new JsonArray([.. Subjects.Where(_ => r.Next(3) == 0).Select(s => (JsonNode)s)]);
                    }
                    else
                    {
                        changes["subject"] = Subjects[r.Next(Subjects.Length)];
                    }

                    break;
            }
        }

        return changes;
    }

    /// <summary>A kind with what it implies: only equipment support has a value in yuan; online teaching-research is online.</summary>
    private static void SetTrainingKind(Random r, JsonObject body)
    {
        var kind = new[] { "teacher-training", "equipment", "online-research" }[r.Next(3)];
        body["kind"] = kind;
        body["mode"] = kind == "online-research" || r.Next(2) == 0 ? "online" : "onsite";
        body["equipmentValueYuan"] = kind == "equipment" ? r.Next(1, 500) * 1000 : 0;
    }

    /// <summary>
    /// A record stays with the side that logged it: unless a city bureau logged it, the party on the logger's side
    /// stays (the other side's party may move to any county); a city's records move freely.
    /// </summary>
    private static void KeepTheLogger(string collection, JsonObject record, JsonObject changes)
    {
        var loggedBy = (string)record["loggedBy"]!;
        if (loggedBy is Orgs.Baoji or Orgs.Xuzhou)
        {
            return;
        }

        var (first, second) = PartyFields(collection);
        var (a, b) = Parties(collection, record);
        var current = Orgs.IsBaoji(loggedBy) == Orgs.IsBaoji(a) ? a : b;
        var field = Orgs.IsBaoji((string)changes[first]!) == Orgs.IsBaoji(loggedBy) ? first : second;
        changes[field] = current;
    }

    private static void SetDates(Random r, string collection, JsonObject body)
    {
        var start = new DateOnly(FirstYear, 1, 1).AddDays(r.Next((LastYear - FirstYear + 1) * 365));
        // Placements run for weeks or months and often into the next year; the rest last a few days.
        var end = collection == "staff-exchanges" ? start.AddDays(r.Next(20, 300)) : start.AddDays(r.Next(0, 4));
        body["startDate"] = start.ToString("yyyy-MM-dd");
        body["endDate"] = end.ToString("yyyy-MM-dd");
    }

    /// <summary>Two parties, one on each side, in either order: county bureaus (bureau level) or schools; now and then a city bureau.</summary>
    private static void SetParties(Random r, string collection, JsonObject body, string level)
    {
        var pair = Orgs.CountyPairs[r.Next(Orgs.CountyPairs.Length)];
        var xuzhouCounty = r.Next(5) == 0 ? Orgs.CountyPairs[r.Next(Orgs.CountyPairs.Length)].Xuzhou : pair.Xuzhou;
        string baoji, xuzhou;
        if (level == "school")
        {
            (baoji, xuzhou) = (Orgs.School(pair.Baoji, r.Next(2)), Orgs.School(xuzhouCounty, r.Next(2)));
        }
        else
        {
            (baoji, xuzhou) = r.Next(8) == 0 ? (Orgs.Baoji, xuzhouCounty) : (pair.Baoji, xuzhouCounty);
        }

        if (collection == "visits")
        {
            body["level"] = level;
        }

        var (a, b) = r.Next(2) == 0 ? (baoji, xuzhou) : (xuzhou, baoji);
        var (first, second) = PartyFields(collection);
        body[first] = a;
        body[second] = b;
    }

    private static (string First, string Second) PartyFields(string collection) => collection switch
    {
        "visits" => ("fromOrgId", "toOrgId"),
        "staff-exchanges" => ("homeOrgId", "hostOrgId"),
        _ => ("providerOrgId", "recipientOrgId"),
    };

    private static (string A, string B) Parties(string collection, JsonObject record)
    {
        var (first, second) = PartyFields(collection);
        return ((string)record[first]!, (string)record[second]!);
    }

    private static string[] BodyFields(string collection) => collection switch
    {
        "visits" => ["fromOrgId", "toOrgId", "level", "startDate", "endDate", "delegationSize", "purpose"],
        "staff-exchanges" => ["personRef", "displayName", "role", "homeOrgId", "hostOrgId", "startDate", "endDate", "subject"],
        _ => ["providerOrgId", "recipientOrgId", "kind", "subjects", "mode", "startDate", "endDate", "sessions", "trainees", "equipmentValueYuan"],
    };

    /// <summary>
    /// The figures of one report counted by this test from the records' final state, by API.md's rules written
    /// out again (not the service's FigureRules), for the city and every county; returns how many were compared.
    /// </summary>
    private int CompareWithOwnCount(JsonObject report, IEnumerable<JsonObject> records, int year, string perspective, int seed)
    {
        var ours = perspective == Orgs.Baoji;
        var counted = records.Where(r => (string)r["status"]! is "logged" or "confirmed" && r["mergedInto"] is null).ToList();
        var scopes = new List<string?> { null };
        scopes.AddRange(report["counties"]!.AsArray().Select(c => (string?)c!["id"]));
        var compared = 0;
        foreach (var scope in scopes)
        {
            bool InScope(JsonObject record)
            {
                var (a, b) = Parties((string)record["collection"]!, record);
                return scope is null || Orgs.CountyOf(a) == scope || Orgs.CountyOf(b) == scope;
            }

            static int StartYear(JsonObject r) => DateOnly.Parse((string)r["startDate"]!).Year;
            var inYear = counted.Where(InScope).Where(r => (string)r["collection"]! == "staff-exchanges"
                ? StartYear(r) <= year && DateOnly.Parse((string)r["endDate"]!).Year >= year
                : StartYear(r) == year).ToList();
            var visits = inYear.Where(r => (string)r["collection"]! == "visits").ToList();
            var people = inYear.Where(r => (string)r["collection"]! == "staff-exchanges")
                .Select(r => (Home: (string)r["homeOrgId"]!, Person: (string)r["personRef"]!)).Distinct().ToList();
            var trainings = inYear.Where(r => (string)r["collection"]! == "trainings").ToList();
            var sent = people.Count(p => Orgs.IsBaoji(p.Home) == ours);
            var expected = new Dictionary<string, decimal>(StringComparer.Ordinal)
            {
                ["bureauVisits"] = visits.Count(v => (string)v["level"]! == "bureau"),
                ["schoolVisits"] = visits.Count(v => (string)v["level"]! == "school"),
                ["staffExchanged.total"] = people.Count,
                ["staffExchanged.sent"] = sent,
                ["staffExchanged.received"] = people.Count - sent,
                ["training.records"] = trainings.Count,
                ["training.sessions"] = trainings.Sum(t => (int)t["sessions"]!),
                ["training.trainees"] = trainings.Sum(t => (int)t["trainees"]!),
                ["training.equipmentValueYuan"] = trainings.Sum(t => (decimal)t["equipmentValueYuan"]!),
                ["training.onlineResearchSessions"] = trainings.Where(t => (string)t["kind"]! == "online-research").Sum(t => (int)t["sessions"]!),
                ["unconfirmedRecords"] = inYear.Count(r => (string)r["status"]! == "logged"),
            };
            foreach (var subject in Subjects)
            {
                expected[$"training.bySubject.{subject}"] =
                    trainings.Where(t => t["subjects"]!.AsArray().Any(s => (string)s! == subject)).Sum(t => (int)t["sessions"]!);
            }

            var figures = report.Scope(scope);
            foreach (var (figure, value) in expected)
            {
                Assert.True(value == figures.Figure(figure),
                    $"{year} from {perspective}, {scope ?? "city"}: {figure} is {figures.Figure(figure)}, the records give {value} (seed {seed})");
                compared++;
            }
        }

        return compared;
    }
}
