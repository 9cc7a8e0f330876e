using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Tests.Figures;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>
/// The index rows an earlier release kept in a table partition per organisation: listed whole (merged with the rows
/// written since, the newer row of a record winning) until the upgraded service has moved them, and moved at its start.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class EarlierIndexLayoutTests(AzuriteFixture azurite)
{
    private const string Baoji = "610324";
    private const string Xuzhou = "320382";

    [Fact]
    public async Task An_index_the_earlier_release_kept_per_organisation_is_listed_whole_then_moved_at_start()
    {
        var serviceId = SharedServer.NewServiceId("earlier-index");
        var partition = LedgerIndex.PartitionKey("visits", Baoji, 2034);
        List<string> ids = [];
        await using (var earlier = new ServerFactory(azurite, serviceId))
        {
            var admin = earlier.Admin();
            for (var i = 0; i < 3; i++)
            {
                ids.Add((await admin.CreateAsync("visits", CountingRuleTests.Visit(Baoji, Xuzhou, "bureau", $"2034-0{i + 3}-01"))).Id());
            }

            ids.Sort(StringComparer.Ordinal);
            var table = earlier.Services.GetRequiredService<TableServiceClient>().GetTableClient(LedgerIndex.TableName);
            Assert.Equal(12, await ToEarlierLayoutAsync(table, serviceId));

            // A change made after the upgrade writes the record's rows in the current layout; its earlier rows stay.
            await admin.PostAsync($"/api/v1/visits/{ids[1]}/confirmation", new JsonObject { ["orgId"] = Xuzhou });

            // An index that has not seen the move done reads both layouts.
            var index = ActivatorUtilities.CreateInstance<LedgerIndex>(earlier.Services);
            var first = await index.ListAsync(partition, null, 2, null, CancellationToken.None);
            var second = await index.ListAsync(partition, null, 2, first.ContinuationToken, CancellationToken.None);
            Assert.Equal(ids, first.Records.Concat(second.Records).Select(r => r.Id));
            Assert.Null(second.ContinuationToken);
            Assert.Equal((2, RecordStatus.Confirmed), (first.Records[1].Version, first.Records[1].Status));
            var confirmed = await index.ListAsync(partition, nameof(RecordStatus.Confirmed), 100, null, CancellationToken.None);
            Assert.Equal([ids[1]], confirmed.Records.Select(r => r.Id));
            var logged = await index.ListAsync(partition, nameof(RecordStatus.Logged), 100, null, CancellationToken.None);
            Assert.Equal([ids[0], ids[2]], logged.Records.Select(r => r.Id));
        }

        await using var upgraded = new ServerFactory(azurite, serviceId);
        var upgradedTable = upgraded.Services.GetRequiredService<TableServiceClient>().GetTableClient(LedgerIndex.TableName);
        for (var wait = 0; await CountEarlierRowsAsync(upgradedTable, serviceId) > 0 || !await MovedAsync(upgradedTable, serviceId); wait++)
        {
            Assert.True(wait < 300, "The earlier layout's rows were not moved within 30 s of the start.");
            await Task.Delay(100);
        }

        var client = upgraded.Admin();
        var listed = await client.GetJsonAsync($"/api/v1/visits?organizationId={Baoji}&year=2034");
        Assert.Equal(ids, listed["items"]!.AsArray().Select(r => (string)r!["id"]!));
        Assert.Equal("confirmed", (string?)listed["items"]![1]!["status"]);
        var cityList = await client.GetJsonAsync($"/api/v1/visits?organizationId={Orgs.Xuzhou}&year=2034&status=logged");
        Assert.Equal([ids[0], ids[2]], cityList["items"]!.AsArray().Select(r => (string)r!["id"]!));

        // Moved rows are changed and listed as any other; the audit finds the index equal to the records.
        await client.PostAsync($"/api/v1/visits/{ids[2]}/confirmation", new JsonObject { ["orgId"] = Xuzhou });
        var confirmedNow = await client.GetJsonAsync($"/api/v1/visits?organizationId={Baoji}&year=2034&status=confirmed");
        Assert.Equal([ids[1], ids[2]], confirmedNow["items"]!.AsArray().Select(r => (string)r!["id"]!));
        var audit = await client.AuditAsync(2034, Orgs.Baoji);
        Assert.True((bool)audit["equal"]!, audit.Describe());
        Assert.Equal(3, (int)(await client.ReportAsync(2034, Orgs.Baoji))["bureauVisits"]!);
    }

    [Fact]
    public async Task A_row_an_earlier_pass_copied_before_it_changed_is_replaced_by_its_newer_version()
    {
        var serviceId = SharedServer.NewServiceId("earlier-newer");
        await using var server = new ServerFactory(azurite, serviceId);
        var admin = server.Admin();
        var id = (await admin.CreateAsync("visits", CountingRuleTests.Visit(Baoji, Xuzhou, "bureau", "2034-05-01"))).Id();
        await admin.PostAsync($"/api/v1/visits/{id}/confirmation", new JsonObject { ["orgId"] = Xuzhou });
        var table = server.Services.GetRequiredService<TableServiceClient>().GetTableClient(LedgerIndex.TableName);
        var current = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {serviceId + "|"} and PartitionKey lt {serviceId + "}"}")).ToListAsync();

        // The earlier layout holds version 2; an earlier pass of the move copied version 1 before an earlier
        // release's silo confirmed the record there.
        Assert.Equal(4, await ToEarlierLayoutAsync(table, serviceId));
        foreach (var row in current.Where(r => r.PartitionKey != IndexLayout.MarkerPartitionKey(serviceId)))
        {
            row["Version"] = 1;
            row["Status"] = nameof(RecordStatus.Logged);
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace);
        }

        var index = ActivatorUtilities.CreateInstance<LedgerIndex>(server.Services);
        Assert.Equal((4, true), await index.MoveEarlierLayoutAsync(CancellationToken.None));

        Assert.Equal(0, await CountEarlierRowsAsync(table, serviceId));
        var listed = Assert.Single((await index.ListAsync(LedgerIndex.PartitionKey("visits", Baoji, 2034), null, 100, null, CancellationToken.None)).Records);
        Assert.Equal((id, 2, RecordStatus.Confirmed), (listed.Id, listed.Version, listed.Status));
        var audit = await admin.AuditAsync(2034, Orgs.Baoji);
        Assert.True((bool)audit["equal"]!, audit.Describe());
    }

    /// <summary>Stores the service's index rows as the earlier release did (the record id the row key) and forgets the move; returns how many.</summary>
    private static async Task<int> ToEarlierLayoutAsync(TableClient table, string serviceId)
    {
        var rows = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {serviceId + "|"} and PartitionKey lt {serviceId + "}"}")).ToListAsync();
        var moved = 0;
        foreach (var row in rows)
        {
            if (row.PartitionKey == IndexLayout.MarkerPartitionKey(serviceId))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
                continue;
            }

            // Current: service|collection|year|b<bucket>, row key organisation|record id.
            var parts = row.PartitionKey.Split('|');
            var (organization, recordId) = (row.RowKey.Split('|')[0], row.RowKey.Split('|')[1]);
            var earlier = new TableEntity(IndexLayout.EarlierPartitionKey(serviceId, LedgerIndex.PartitionKey(parts[1], organization, int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture))), recordId)
            {
                ["Status"] = row.GetString("Status"),
                ["Version"] = row.GetInt32("Version"),
                ["Record"] = row.GetBinary("Record"),
            };
            await table.UpsertEntityAsync(earlier, TableUpdateMode.Replace);
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            moved++;
        }

        return moved;
    }

    private static async Task<int> CountEarlierRowsAsync(TableClient table, string serviceId) =>
        (await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {serviceId + "|"} and PartitionKey lt {serviceId + "}"}"), select: ["PartitionKey"]).ToListAsync())
        .Count(r => IndexLayout.EarlierPartitionOf(serviceId, r.PartitionKey) is not null);

    private static async Task<bool> MovedAsync(TableClient table, string serviceId) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(IndexLayout.MarkerPartitionKey(serviceId), IndexLayout.MovedRowKey)).HasValue;
}
