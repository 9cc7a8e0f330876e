using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Tests.Figures;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>
/// A crash between a record's state write and the end of its projection, at each failpoint and for each command,
/// with no client retry: after the silo restarts, the background repair alone makes the record, its list entry,
/// the report, the drill-down and the audit agree.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class DurableProjectionTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Year = 2024;
    private const string Baoji = "610300";

    /// <summary>The bound the README states: RepairAfter (5 s) + RepairInterval (10 s) after the restart, plus slack for a loaded machine.</summary>
    private static readonly TimeSpan RepairBound = TimeSpan.FromSeconds(30);

    public static TheoryData<string> RecordFailpoints =>
        [FailpointNames.RecordAfterStateWrite, FailpointNames.ProjectionAfterIndex, FailpointNames.FiguresInTransaction];

    [Theory]
    [MemberData(nameof(RecordFailpoints))]
    public async Task Every_command_crashed_at_a_failpoint_is_projected_after_a_restart_without_a_client_retry(string failpoint)
    {
        await RunCrashScenarioAsync(failpoint, Steps.All);
    }

    [Fact]
    public async Task Merges_and_unmerges_crashed_before_they_answer_are_projected_after_a_restart()
    {
        await RunCrashScenarioAsync(FailpointNames.ReconciliationAfterMerge, [Steps.Merge, Steps.Unmerge]);
    }

    [Fact]
    public async Task A_keyless_repeat_of_a_withdrawal_whose_projection_crashed_repairs_it_while_answering_409()
    {
        var serviceId = SharedServer.NewServiceId("repeat");
        await using var server = NewServer(serviceId, repairIntervalSeconds: 3600);
        var failpoints = server.Services.GetRequiredService<Failpoints>();
        var logger = await server.ActingFor(Bodies.Longxian);
        var created = await logger.CreateAsync("visits", Bodies.Visit());
        var before = (int)(await server.Admin().ReportAsync(Year, Baoji))["bureauVisits"]!;

        failpoints.Arm(FailpointNames.RecordAfterStateWrite, FailpointAction.Crash, 1);
        var crashed = await logger.SendAsync(FiguresHttp.Post($"/api/v1/visits/{created.Id()}/withdrawal", new JsonObject { ["reason"] = "重复登记" }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, crashed.StatusCode);
        // Stored but not projected: the list still says logged and the report still counts it.
        Assert.Equal(before, (int)(await server.Admin().ReportAsync(Year, Baoji))["bureauVisits"]!);

        var repeat = await logger.SendAsync(FiguresHttp.Post($"/api/v1/visits/{created.Id()}/withdrawal", new JsonObject { ["reason"] = "重复登记" }));

        Assert.Equal(HttpStatusCode.Conflict, repeat.StatusCode);
        Assert.Equal(before - 1, (int)(await server.Admin().ReportAsync(Year, Baoji))["bureauVisits"]!);
        await AssertAgreeAsync(server.Admin(), [("visits", created.Id())]);
    }

    [Fact]
    public async Task A_retried_merge_or_unmerge_whose_first_projection_crashed_projects_it()
    {
        await using var server = NewServer(SharedServer.NewServiceId("remerge"), repairIntervalSeconds: 3600);
        var failpoints = server.Services.GetRequiredService<Failpoints>();
        var actors = new Actors(server.Admin(), await server.ActingFor(Bodies.Longxian), await server.ActingFor(Bodies.Tongshan));
        var pair = await Steps.Merge.Prepare(actors);
        var counted = (int)(await actors.Admin.ReportAsync(Year, Baoji))["bureauVisits"]!;

        failpoints.Arm(FailpointNames.RecordAfterStateWrite, FailpointAction.Crash, 1);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Steps.Merge.Act(actors, pair)).StatusCode);
        // Stored on the duplicate, not projected: the pair still counts twice.
        Assert.Equal(counted, (int)(await actors.Admin.ReportAsync(Year, Baoji))["bureauVisits"]!);

        var merged = await (await Steps.Merge.Act(actors, pair)).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("active", (string?)merged["status"]);
        Assert.Equal(counted - 1, (int)(await actors.Admin.ReportAsync(Year, Baoji))["bureauVisits"]!);
        await AssertAgreeAsync(actors.Admin, [("visits", pair.Id!), pair.Others[0]]);

        failpoints.Arm(FailpointNames.RecordAfterStateWrite, FailpointAction.Crash, 1);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Steps.Unmerge.Act(actors, pair)).StatusCode);
        Assert.Equal(counted - 1, (int)(await actors.Admin.ReportAsync(Year, Baoji))["bureauVisits"]!);

        var unmerged = await (await Steps.Unmerge.Act(actors, pair)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("withdrawn", (string?)unmerged["status"]);
        Assert.Equal(counted, (int)(await actors.Admin.ReportAsync(Year, Baoji))["bureauVisits"]!);
        await AssertAgreeAsync(actors.Admin, [("visits", pair.Id!), pair.Others[0]]);
    }

    private async Task RunCrashScenarioAsync(string failpoint, IReadOnlyList<Step> steps)
    {
        var serviceId = SharedServer.NewServiceId("crash");
        var touched = new List<(string Collection, string Id)>();
        // A record created by a command that crashed before its projection is listed only once repaired.
        var created = new List<(string Collection, HashSet<string> Known)>();
        await using (var first = NewServer(serviceId, repairIntervalSeconds: 3600))
        {
            var failpoints = first.Services.GetRequiredService<Failpoints>();
            var admin = first.Admin();
            var longxian = await first.ActingFor(Bodies.Longxian);
            var tongshan = await first.ActingFor(Bodies.Tongshan);
            var actors = new Actors(admin, longxian, tongshan);
            foreach (var step in steps)
            {
                var known = await ListedIdsAsync(admin, step.Collection);
                var target = await step.Prepare(actors);
                failpoints.Arm(failpoint, FailpointAction.Crash, 1);
                var response = await step.Act(actors, target);
                failpoints.Disarm(failpoint);
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
                    $"{step.Name} at {failpoint}: expected 503, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if (target.Id is null)
                {
                    created.Add((step.Collection, known));
                }

                touched.AddRange(target.Others.Concat(target.Id is null ? [] : [(step.Collection, target.Id)]));
            }

            Assert.Equal(steps.Count, failpoints.Fired.GetValueOrDefault(failpoint));
        }

        // The restarted silo repairs on its own: the test reads no record (a read would activate the record, which
        // repairs too) until no projection is owed any more.
        await using var second = NewServer(serviceId, repairIntervalSeconds: null);
        var restarted = Stopwatch.StartNew();
        var pending = second.Services.GetRequiredService<PendingProjections>();
        while (await pending.ListMarkedBeforeAsync(DateTimeOffset.UtcNow.AddHours(1), default).AnyAsync())
        {
            Assert.True(restarted.Elapsed < RepairBound, $"Projections still owed {restarted.Elapsed} after the restart.");
            await Task.Delay(250);
        }

        output.WriteLine($"{failpoint}: {steps.Count} commands repaired {restarted.Elapsed.TotalSeconds:F1} s after the restart.");
        foreach (var (collection, known) in created)
        {
            var listed = await ListedIdsAsync(second.Admin(), collection);
            touched.Add((collection, Assert.Single(listed.Except(known).Except(touched.Select(t => t.Id)))));
        }

        await AssertAgreeAsync(second.Admin(), touched);
    }

    /// <summary>Record, list entry, report, drill-down and audit tell one story.</summary>
    private static async Task AssertAgreeAsync(HttpClient admin, IReadOnlyList<(string Collection, string Id)> records)
    {
        foreach (var (collection, id) in records.Distinct())
        {
            var record = await admin.GetJsonAsync($"/api/v1/{collection}/{id}");
            var listed = (await LedgerHttp.ListAllAsync(admin, collection, Bodies.Longxian, Year)).Where(r => (string?)r["id"] == id).ToList();
            var entry = Assert.Single(listed);
            Assert.Equal((record.Version(), (string?)record["status"], (string?)record["mergedInto"]),
                (entry.Version(), (string?)entry["status"], (string?)entry["mergedInto"]));
        }

        var visits = await LedgerHttp.ListAllAsync(admin, "visits", Bodies.Longxian, Year);
        var counting = visits.Where(v => (string?)v["status"] is "logged" or "confirmed" && v["mergedInto"] is null).Select(v => v.Id()).Order().ToList();
        var report = await admin.ReportAsync(Year, Baoji);
        Assert.Equal(counting.Count, (int)report["bureauVisits"]!);
        var drill = await admin.DrillDownAsync(Year, Baoji, "bureauVisits");
        Assert.Equal(counting, drill["items"]!.AsArray().Select(i => (string)i!["key"]!).Order().ToList());
        var audit = await admin.AuditAsync(Year, Baoji);
        Assert.True((bool)audit["equal"]!, audit.Describe());
    }

    [Fact]
    public async Task A_mark_an_earlier_layout_left_in_another_partition_is_repaired_and_cleared()
    {
        // Earlier releases kept the marks in a table of their own, over 16 partitions at first ("{service}|00" to "|15");
        // this one keeps them beside the records' states.
        var serviceId = SharedServer.NewServiceId("stray");
        await using var server = NewServer(serviceId, repairIntervalSeconds: 3600);
        var created = await (await server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var table = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString).GetTableClient(PendingProjections.TableName);
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity($"{serviceId}|13", created.Id()));
        var pending = server.Services.GetRequiredService<PendingProjections>();
        var stray = Assert.Single(await pending.ListMarksAsync(default).ToListAsync());
        Assert.Equal(1, await server.Services.GetRequiredService<Server.Ledger.StoredRecords>().CountAsync(default));
        Assert.Equal((created.Id(), $"{serviceId}|13", true), (Assert.Single(stray.RecordIds), stray.Partition, stray.InEarlierTable));

        // Marks younger than RepairAfter (5 s) belong to running commands; this one is taken once it is older.
        var repair = server.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Server.Ledger.ProjectionRepair>().Single();
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await repair.RepairOnceAsync(default));

        Assert.Empty(await pending.ListMarksAsync(default).ToListAsync());
        var audit = await server.Admin().AuditAsync(Year, Baoji);
        Assert.True((bool)audit["equal"]!, audit.Describe());
    }

    /// <summary>Where earlier releases kept a record's own mark: in a table of their own, or beside its state.</summary>
    public static TheoryData<string> EarlierMarkPlaces => ["own table", "beside the state"];

    [Theory]
    [MemberData(nameof(EarlierMarkPlaces))]
    public async Task A_record_an_earlier_release_marked_finishes_its_projection_when_it_activates(string place)
    {
        var serviceId = SharedServer.NewServiceId("earliermark");
        var tables = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);
        string id;
        int before;
        await using (var first = NewServer(serviceId, repairIntervalSeconds: 3600))
        {
            var logger = await first.ActingFor(Bodies.Longxian);
            id = (await logger.CreateAsync("visits", Bodies.Visit())).Id();
            before = (int)(await first.Admin().ReportAsync(Year, Baoji))["bureauVisits"]!;
            first.Services.GetRequiredService<Failpoints>().Arm(FailpointNames.RecordAfterStateWrite, FailpointAction.Crash, 1);
            var crashed = await logger.SendAsync(FiguresHttp.Post($"/api/v1/visits/{id}/withdrawal", new JsonObject { ["reason"] = "重复登记" }));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, crashed.StatusCode);
        }

        // Stored, not projected, and marked as an earlier release marked: one mark of the record's own, and a state that
        // names no shared mark.
        var pending = new PendingProjections(tables, Microsoft.Extensions.Options.Options.Create(new Orleans.Configuration.ClusterOptions { ServiceId = serviceId }));
        var shared = Assert.Single(await pending.ListMarksAsync(default).ToListAsync());
        Assert.Equal(id, Assert.Single(shared.RecordIds));
        var states = tables.GetTableClient(Grains.Storage.RowGrainStorage.TableName);
        var state = Assert.Single(await states.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {shared.Partition}"))
            .Where(r => r.GetString(PartitionGroupCommit.SharedRowProperty) == shared.RowKey).ToListAsync());
        state.Remove(PartitionGroupCommit.SharedRowProperty);
        await states.UpdateEntityAsync(state, state.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
        await states.DeleteEntityAsync(shared.Partition, shared.RowKey);
        if (place == "own table")
        {
            var earlier = tables.GetTableClient(PendingProjections.TableName);
            await earlier.CreateIfNotExistsAsync();
            await earlier.UpsertEntityAsync(new Azure.Data.Tables.TableEntity($"{serviceId}|05", id));
        }
        else
        {
            await states.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(shared.Partition, PendingProjections.MarkPrefix + id));
        }

        // A new silo, whose repair does not run: reading the record activates it, and it finds what it owes, projects,
        // and clears the mark, which lists it alone.
        await using var second = NewServer(serviceId, repairIntervalSeconds: 3600);
        var record = await second.Admin().GetJsonAsync($"/api/v1/visits/{id}");
        Assert.Equal("withdrawn", (string?)record["status"]);
        Assert.Equal(before - 1, (int)(await second.Admin().ReportAsync(Year, Baoji))["bureauVisits"]!);
        await AssertAgreeAsync(second.Admin(), [("visits", id)]);
        Assert.Empty(await pending.ListMarksAsync(default).ToListAsync());
    }

    [Fact]
    public async Task One_mark_serves_the_records_one_transaction_stores_and_is_cleared_once_all_are_projected()
    {
        var serviceId = SharedServer.NewServiceId("sharedmark");
        await using var server = NewServer(serviceId, repairIntervalSeconds: 3600);
        var logger = await server.ActingFor(Bodies.Longxian);
        var pending = server.Services.GetRequiredService<PendingProjections>();

        // Concurrent creates share the states' transactions, and so their marks; none is left once all have answered.
        var created = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => logger.CreateAsync("visits", Bodies.Visit())));
        Assert.Empty(await pending.ListMarksAsync(default).ToListAsync());

        // Stored but not projected (each crashes after its state write): marks list them, fewer marks than records.
        var failpoints = server.Services.GetRequiredService<Failpoints>();
        failpoints.Arm(FailpointNames.RecordAfterStateWrite, FailpointAction.Crash, 48);
        var crashed = await Task.WhenAll(created.Select(c => logger.SendAsync(FiguresHttp.Post($"/api/v1/visits/{c.Id()}/withdrawal", new JsonObject { ["reason"] = "重复登记" }))));
        failpoints.Disarm(FailpointNames.RecordAfterStateWrite);
        Assert.All(crashed, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        var marks = await pending.ListMarksAsync(default).ToListAsync();
        Assert.Equal(created.Select(c => c.Id()).Order(), marks.SelectMany(m => m.RecordIds).Order());
        output.WriteLine($"48 records stored with {marks.Count} marks.");
        Assert.True(marks.Count < 48, $"{marks.Count} marks for 48 records");

        // The repair projects every record a mark lists, then clears the marks.
        var repair = server.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Server.Ledger.ProjectionRepair>().Single();
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(48, await repair.RepairOnceAsync(default));
        Assert.Empty(await pending.ListMarksAsync(default).ToListAsync());
        await AssertAgreeAsync(server.Admin(), [.. created.Select(c => ("visits", c.Id()))]);
    }

    private ServerFactory NewServer(string serviceId, int? repairIntervalSeconds)
    {
        var settings = new Dictionary<string, string> { ["Failpoints:Enabled"] = "true" };
        if (repairIntervalSeconds is { } interval)
        {
            // The crashing silo does not repair, so what the restarted one finds is what the crash left.
            settings["Projection:RepairIntervalSeconds"] = $"{interval}";
        }

        return new ServerFactory(azurite, serviceId) { Settings = settings };
    }

    private static async Task<HashSet<string>> ListedIdsAsync(HttpClient admin, string collection) =>
        [.. (await LedgerHttp.ListAllAsync(admin, collection, Bodies.Longxian, Year)).Select(r => r.Id())];

    private sealed record Actors(HttpClient Admin, HttpClient Longxian, HttpClient Tongshan);

    /// <summary>The record a step acts on (null: the step creates it), and other records it touched.</summary>
    private sealed record Target(string? Id, IReadOnlyList<(string Collection, string Id)> Others);

    private sealed record Step(string Name, string Collection, Func<Actors, Task<Target>> Prepare, Func<Actors, Target, Task<HttpResponseMessage>> Act);

    private static class Steps
    {
        public static readonly Step Create = new("create", "visits",
            _ => Task.FromResult(new Target(null, [])),
            (a, _) => a.Longxian.SendAsync(FiguresHttp.Post("/api/v1/visits", Bodies.Visit())));

        public static readonly Step Confirm = new("confirm", "visits", NewVisitAsync,
            (a, t) => a.Tongshan.SendAsync(FiguresHttp.Post($"/api/v1/visits/{t.Id}/confirmation", new JsonObject { ["orgId"] = Bodies.Tongshan })));

        public static readonly Step Dispute = new("dispute", "visits", NewVisitAsync,
            (a, t) => a.Tongshan.SendAsync(FiguresHttp.Post($"/api/v1/visits/{t.Id}/dispute", new JsonObject { ["orgId"] = Bodies.Tongshan, ["reason"] = "人数不符" })));

        public static readonly Step Correct = new("correct", "visits", NewVisitAsync,
            (a, t) => a.Longxian.SendAsync(FiguresHttp.Patch($"/api/v1/visits/{t.Id}",
                new JsonObject { ["reason"] = "人数更正", ["changes"] = new JsonObject { ["delegationSize"] = 7 } }, 1)));

        public static readonly Step Withdraw = new("withdraw", "visits", NewVisitAsync,
            (a, t) => a.Longxian.SendAsync(FiguresHttp.Post($"/api/v1/visits/{t.Id}/withdrawal", new JsonObject { ["reason"] = "重复登记" })));

        public static readonly Step Sign = new("sign", "agreements", NewAgreementAsync,
            (a, t) => a.Longxian.SendAsync(FiguresHttp.Post($"/api/v1/agreements/{t.Id}/signatures", new JsonObject { ["orgId"] = Bodies.Longxian, ["signedOn"] = "2024-04-16" })));

        public static readonly Step Terminate = new("terminate", "agreements", async a =>
            {
                var target = await NewAgreementAsync(a);
                foreach (var (client, org) in new[] { (a.Longxian, Bodies.Longxian), (a.Tongshan, Bodies.Tongshan) })
                {
                    await client.PostAsync($"/api/v1/agreements/{target.Id}/signatures", new JsonObject { ["orgId"] = org, ["signedOn"] = "2024-04-16" });
                }

                return target;
            },
            (a, t) => a.Longxian.SendAsync(FiguresHttp.Post($"/api/v1/agreements/{t.Id}/termination",
                new JsonObject { ["orgId"] = Bodies.Longxian, ["terminatedOn"] = "2024-10-01", ["reason"] = "协议调整" })));

        public static readonly Step Merge = new("merge", "visits", NewPairAsync,
            (a, t) => a.Longxian.SendAsync(FiguresHttp.Post("/api/v1/reconciliation/merges", new JsonObject { ["keepId"] = t.Others[0].Id, ["duplicateId"] = t.Id })));

        public static readonly Step Unmerge = new("unmerge", "visits", async a =>
            {
                var pair = await NewPairAsync(a);
                await a.Longxian.PostAsync("/api/v1/reconciliation/merges", new JsonObject { ["keepId"] = pair.Others[0].Id, ["duplicateId"] = pair.Id },
                    HttpStatusCode.Created);
                return pair;
            },
            (a, t) => a.Longxian.SendAsync(FiguresHttp.Post($"/api/v1/reconciliation/merges/mrg-{t.Id}/withdrawal", new JsonObject())));

        public static readonly IReadOnlyList<Step> All = [Create, Confirm, Dispute, Correct, Withdraw, Sign, Terminate, Merge, Unmerge];

        private static async Task<Target> NewVisitAsync(Actors a) => new((await a.Longxian.CreateAsync("visits", Bodies.Visit())).Id(), []);

        private static async Task<Target> NewAgreementAsync(Actors a) => new((await a.Longxian.CreateAsync("agreements", Bodies.Agreement())).Id(), []);

        /// <summary>The same visit logged by both sides: the Xuzhou side's record is the duplicate of the Baoji side's.</summary>
        private static async Task<Target> NewPairAsync(Actors a)
        {
            var keep = await a.Longxian.CreateAsync("visits", Bodies.Visit());
            var duplicate = await a.Tongshan.CreateAsync("visits", Bodies.Visit());
            return new Target(duplicate.Id(), [("visits", keep.Id())]);
        }
    }
}
