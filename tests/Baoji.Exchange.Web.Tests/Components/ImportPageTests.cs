using Baoji.Exchange.Server.Imports;
using Baoji.Exchange.Server.Web.Layout;
using Baoji.Exchange.Server.Web.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Components;

/// <summary>The 导入 page's parts without a server: the preview's counts and errors, when it may commit, its progress.</summary>
public sealed class ImportPageTests : BunitContext
{
    public ImportPageTests()
    {
        Services.AddAntDesign();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void The_preview_counts_the_rows_and_names_each_bad_row_and_column_encoded()
    {
        var import = Status(ImportStates.Previewed, total: 50, toCreate: 48, errorRows: 2, errors:
        [
            new(6, "开始日期", "startDate", "date", "开始日期须为日期（yyyy-MM-dd）。"),
            new(9, "事由", "purpose", "text", "<b>bad</b>"),
        ]);

        var preview = Render<ImportPreview>(p => p.Add(c => c.Import, import));

        Assert.Equal("48", preview.Find("[data-count='toCreate']").TextContent);
        Assert.Equal("2", preview.Find("[data-count='errorRows']").TextContent);
        Assert.Equal("开始日期须为日期（yyyy-MM-dd）。", preview.Find("#import-errors tr[data-row='6'][data-column='开始日期'] td:last-child").TextContent);
        Assert.Contains("&lt;b&gt;bad&lt;/b&gt;", preview.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_preview_without_errors_shows_no_error_table()
    {
        var preview = Render<ImportPreview>(p => p.Add(c => c.Import, Status(ImportStates.Previewed, total: 3, toCreate: 3)));

        Assert.Empty(preview.FindAll("#import-errors"));
    }

    [Fact]
    public void Only_a_preview_without_row_errors_may_be_committed()
    {
        Assert.True(ImportSteps.CanCommit(Status(ImportStates.Previewed, total: 50, toCreate: 0)));
        Assert.False(ImportSteps.CanCommit(Status(ImportStates.Previewed, total: 50, toCreate: 47, errorRows: 3)));
        Assert.False(ImportSteps.CanCommit(Status(ImportStates.Completed, total: 50, toCreate: 50)));
    }

    [Fact]
    public void The_progress_is_rows_done_of_all_and_full_once_completed()
    {
        Assert.Equal(40, ImportSteps.Percent(Status(ImportStates.Committing, total: 50, toCreate: 50, done: 20)));
        Assert.Equal(100, ImportSteps.Percent(Status(ImportStates.Completed, total: 50, toCreate: 50, done: 49)));
    }

    private static ImportStatus Status(string state, int total, int toCreate, int errorRows = 0, int done = 0, IReadOnlyList<ImportRowError>? errors = null) =>
        new("imp-20241130130000000-0123456789", "visits", "sx-610327-longxian-vec", "台账.xlsx", state,
            total, toCreate, total - toCreate - errorRows, errorRows, done, 0, 0, 0,
            DateTimeOffset.UnixEpoch, null, null, errors ?? [], false);
}
