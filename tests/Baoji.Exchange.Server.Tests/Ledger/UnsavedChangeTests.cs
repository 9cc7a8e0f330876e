using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Figures;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>
/// A state write fails and so does the read that should restore what storage holds (one outage, both at once):
/// the grain must not keep the unsaved change, or a retry finds its operation id and acknowledges what storage
/// never held. What is acknowledged is what a restarted silo reads, lists and counts.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class UnsavedChangeTests(AzuriteFixture azurite)
{
    private const string Baoji = "610300";

    [Fact]
    public async Task A_confirmation_whose_write_and_restoring_read_fail_is_acknowledged_only_once_stored()
    {
        var faults = new FaultInjector();
        var serviceId = SharedServer.NewServiceId("unsaved");
        string id;
        await using (var first = NewServer(serviceId, faults))
        {
            id = (await (await first.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit())).Id();
            var counterpart = await first.ActingFor(Bodies.Tongshan);
            faults.FailBeforeWrite(1, "record");
            faults.FailReads(1);

            var confirmed = await (await counterpart.PostJsonAsync($"/api/v1/visits/{id}/confirmation",
                new JsonObject { ["orgId"] = Bodies.Tongshan })).ExpectAsync(HttpStatusCode.OK);

            Assert.Equal(2, faults.Injected);
            Assert.Equal(("confirmed", 2), (confirmed.Status(), confirmed.Version()));
        }

        await using var restarted = NewServer(serviceId, new FaultInjector());
        var stored = await restarted.Admin().ReadAsync("visits", id);
        Assert.Equal(("confirmed", 2), (stored.Status(), stored.Version()));
        Assert.Single(stored.History(), h => (string?)h["action"] == "confirmed");
        await AssertCountedAsAcknowledgedAsync(restarted.Admin(), id, "confirmed");
    }

    [Fact]
    public async Task A_withdrawal_whose_writes_all_fail_and_whose_restoring_read_fails_is_not_acknowledged_nor_kept()
    {
        var faults = new FaultInjector();
        var serviceId = SharedServer.NewServiceId("unsaved");
        string id;
        await using (var first = NewServer(serviceId, faults))
        {
            var logger = await first.ActingFor(Bodies.Longxian);
            id = (await logger.CreateAsync("visits", Bodies.Visit())).Id();
            // Every attempt of the command fails to write; the first restoring read fails too.
            faults.FailBeforeWrite(10, "record");
            faults.FailReads(1);

            var failed = await logger.PostJsonAsync($"/api/v1/visits/{id}/withdrawal", new JsonObject { ["reason"] = "重复登记" });
            await failed.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "storage");
            faults.Reset();

            // The same silo, asked again, answers from storage: not withdrawn.
            Assert.Equal(("logged", 1), ((await first.Admin().ReadAsync("visits", id)).Status(), (await first.Admin().ReadAsync("visits", id)).Version()));
        }

        await using var restarted = NewServer(serviceId, new FaultInjector());
        var stored = await restarted.Admin().ReadAsync("visits", id);
        Assert.Equal(("logged", 1), (stored.Status(), stored.Version()));
        await AssertCountedAsAcknowledgedAsync(restarted.Admin(), id, "logged");
    }

    private static async Task AssertCountedAsAcknowledgedAsync(HttpClient admin, string id, string status)
    {
        var listed = Assert.Single(await admin.ListAllAsync("visits", Bodies.Longxian, 2024), r => r.Id() == id);
        Assert.Equal(status, listed.Status());
        var drill = await admin.DrillDownAsync(2024, Baoji, "bureauVisits");
        Assert.Contains(id, drill["items"]!.AsArray().Select(i => (string)i!["key"]!));
        var audit = await admin.AuditAsync(2024, Baoji);
        Assert.True((bool)audit["equal"]!, audit.Describe());
    }

    private ServerFactory NewServer(string serviceId, FaultInjector faults) =>
        new(azurite, serviceId, testServices: s => s.AddFaultyGrainStorage(faults));
}
