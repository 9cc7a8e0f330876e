using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Grains.Ledger;

namespace Baoji.Exchange.Grains.Tests.Ledger;

/// <summary>The two-sided rules as pure decisions: every command against every status, then the rules one side could game.</summary>
public sealed class RecordDecisionsTests
{
    private const string Longxian = "610327";
    private const string Tongshan = "320312";
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Actor ByLongxian = new(Longxian);
    private static readonly Actor ByTongshan = new(Tongshan);

    private static readonly PartyRef[] Parties =
    [
        new(Longxian, OrganizationKind.County, Longxian, "610300", Province.Shaanxi),
        new(Tongshan, OrganizationKind.County, Tongshan, "320300", Province.Jiangsu),
    ];

    private static readonly DateOnly Start = new(2024, 4, 9);

    private static VisitBody Visit => new(Longxian, Tongshan, VisitLevel.Bureau, Start, Start.AddDays(2), 5, "商定年度对口帮扶工作计划");

    private static AgreementBody Agreement => new(AgreementKind.Cooperation, [Longxian, Tongshan], "陇县—铜山区教育对口协作协议", new(2024, 4, 16), new(2025, 12, 31));

    /// <summary>A record logged by Longxian (Shaanxi), brought to <paramref name="status"/> the way clients do.</summary>
    private static LedgerRecord InStatus(RecordStatus status, RecordBody? body = null)
    {
        var record = RecordDecisions.Create("rec-1", new CreateRecord(body ?? Visit, Parties, Longxian, ByLongxian), Now);
        return status switch
        {
            RecordStatus.Logged => record,
            RecordStatus.Confirmed => Ok(RecordDecisions.Confirm(record, Tongshan, ByTongshan, Now)),
            RecordStatus.Disputed => Ok(RecordDecisions.Dispute(record, Tongshan, "人数不符", ByTongshan, Now)),
            _ => Ok(RecordDecisions.Withdraw(record, Province.Shaanxi, "重复登记", ByLongxian, Now)),
        };
    }

    private static LedgerRecord Ok(RecordResult result)
    {
        Assert.True(result.Error is null, result.Error?.Message);
        return result.Record!;
    }

    private static CorrectRecord Correction(LedgerRecord record, Province? side, RecordBody? body = null) =>
        new(record.Version, body ?? ((VisitBody)record.Body with { DelegationSize = 6 }), Parties,
            [new FieldChange("delegationSize", "5", "6")], "人数更正", side == Province.Jiangsu ? ByTongshan : ByLongxian, side);

    public static TheoryData<string, RecordStatus, string> Outcomes => new()
    {
        // command, status before, status after or the error kind
        { "confirm", RecordStatus.Logged, "Confirmed" },
        { "confirm", RecordStatus.Confirmed, "Conflict" },
        { "confirm", RecordStatus.Disputed, "Confirmed" },
        { "confirm", RecordStatus.Withdrawn, "Conflict" },
        { "dispute", RecordStatus.Logged, "Disputed" },
        { "dispute", RecordStatus.Confirmed, "Disputed" },
        { "dispute", RecordStatus.Disputed, "Conflict" },
        { "dispute", RecordStatus.Withdrawn, "Conflict" },
        { "correct", RecordStatus.Logged, "Logged" },
        { "correct", RecordStatus.Confirmed, "Logged" },
        { "correct", RecordStatus.Disputed, "Disputed" },
        { "correct", RecordStatus.Withdrawn, "Conflict" },
        { "withdraw", RecordStatus.Logged, "Withdrawn" },
        { "withdraw", RecordStatus.Confirmed, "Withdrawn" },
        { "withdraw", RecordStatus.Disputed, "Withdrawn" },
        { "withdraw", RecordStatus.Withdrawn, "Conflict" },
        { "sign", RecordStatus.Logged, "Logged" },
        { "sign", RecordStatus.Confirmed, "Confirmed" },
        { "sign", RecordStatus.Disputed, "Disputed" },
        { "sign", RecordStatus.Withdrawn, "Conflict" },
        { "terminate", RecordStatus.Logged, "Logged" },
        { "terminate", RecordStatus.Confirmed, "Confirmed" },
        { "terminate", RecordStatus.Disputed, "Disputed" },
        { "terminate", RecordStatus.Withdrawn, "Conflict" },
        { "attach", RecordStatus.Logged, "Logged" },
        { "attach", RecordStatus.Confirmed, "Confirmed" },
        { "attach", RecordStatus.Disputed, "Disputed" },
        { "attach", RecordStatus.Withdrawn, "Withdrawn" },
        { "merge", RecordStatus.Logged, "Logged" },
        { "merge", RecordStatus.Confirmed, "Confirmed" },
        { "merge", RecordStatus.Disputed, "Conflict" },
        { "merge", RecordStatus.Withdrawn, "Conflict" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Every_command_in_every_status_has_one_outcome(string command, RecordStatus before, string expected)
    {
        var agreementCommand = command is "sign" or "terminate" or "attach";
        var record = InStatus(before, agreementCommand ? Agreement : null);
        var result = command switch
        {
            "confirm" => RecordDecisions.Confirm(record, Tongshan, ByTongshan, Now),
            "dispute" => RecordDecisions.Dispute(record, Tongshan, "人数不符", ByTongshan, Now),
            "correct" => RecordDecisions.Correct(record, Correction(record, Province.Shaanxi), Now),
            "withdraw" => RecordDecisions.Withdraw(record, Province.Shaanxi, "重复登记", ByLongxian, Now),
            "sign" => RecordDecisions.Sign(record, Longxian, new(2024, 4, 16), ByLongxian, Now),
            "terminate" => RecordDecisions.Terminate(record, Longxian, new(2024, 10, 1), "协议调整", ByLongxian, Now),
            "attach" => RecordDecisions.AttachDocument(record, new DocumentInfo(new string('a', 64), 1024, Now, Longxian), ByLongxian, Now),
            _ => RecordDecisions.SetMergedInto(record, "rec-0", ByLongxian, Now),
        };

        if (Enum.TryParse<RecordStatus>(expected, out var after))
        {
            var changed = Ok(result);
            Assert.Equal(after, changed.Status);
            Assert.Equal(record.Version + 1, changed.Version);
            Assert.Equal(record.History.Count + 1, changed.History.Count);
        }
        else
        {
            Assert.Equal(Enum.Parse<RecordErrorKind>(expected), result.Error?.Kind);
            Assert.Null(result.Record);
        }
    }

    [Fact]
    public void A_new_record_waits_for_the_side_that_did_not_log_it()
    {
        var record = InStatus(RecordStatus.Logged);

        Assert.Equal(Province.Jiangsu, RecordDecisions.AwaitingSide(record));
        Assert.Equal(RecordErrorKind.Forbidden, RecordDecisions.Confirm(record, Longxian, ByLongxian, Now).Error?.Kind);
        Assert.Equal(RecordErrorKind.Forbidden, RecordDecisions.Dispute(record, "610300", "x", new("610300"), Now).Error?.Kind);
        // A bureau above the awaited party answers for it.
        Assert.Null(RecordDecisions.Confirm(record, "320300", new("320300"), Now).Error);
    }

    [Fact]
    public void After_a_correction_by_one_side_only_the_other_side_confirms()
    {
        var record = InStatus(RecordStatus.Logged);
        // The counterpart raises the delegation to 500 and tries to confirm its own version.
        var corrected = Ok(RecordDecisions.Correct(record, Correction(record, Province.Jiangsu, Visit with { DelegationSize = 500 }), Now));

        Assert.Equal(RecordErrorKind.Forbidden, RecordDecisions.Confirm(corrected, Tongshan, ByTongshan, Now).Error?.Kind);
        Assert.Equal(Province.Shaanxi, RecordDecisions.AwaitingSide(corrected));
        Assert.Equal(RecordStatus.Confirmed, Ok(RecordDecisions.Confirm(corrected, Longxian, ByLongxian, Now)).Status);
    }

    [Fact]
    public void A_correction_by_the_disputed_side_does_not_lift_the_dispute()
    {
        var disputed = InStatus(RecordStatus.Disputed);

        var corrected = Ok(RecordDecisions.Correct(disputed, Correction(disputed, Province.Shaanxi) with { Changes = [new FieldChange("purpose", "a", "ab")] }, Now));

        Assert.Equal(RecordStatus.Disputed, corrected.Status);
        Assert.False(corrected.Counts);
        Assert.Equal("人数不符", corrected.DisputeReason);
        Assert.Equal(RecordErrorKind.Forbidden, RecordDecisions.Confirm(corrected, Longxian, ByLongxian, Now).Error?.Kind);
        Assert.Equal(RecordStatus.Confirmed, Ok(RecordDecisions.Confirm(corrected, Tongshan, ByTongshan, Now)).Status);
    }

    [Fact]
    public void A_correction_by_the_disputing_side_puts_its_version_to_the_other_side()
    {
        var disputed = InStatus(RecordStatus.Disputed);

        var corrected = Ok(RecordDecisions.Correct(disputed, Correction(disputed, Province.Jiangsu), Now));

        Assert.Equal((RecordStatus.Logged, Province.Shaanxi), (corrected.Status, RecordDecisions.AwaitingSide(corrected)));
        Assert.Equal(RecordErrorKind.Forbidden, RecordDecisions.Confirm(corrected, Tongshan, ByTongshan, Now).Error?.Kind);
    }

    [Fact]
    public void Changing_a_signed_agreements_terms_clears_its_signatures_and_its_title_does_not()
    {
        var record = InStatus(RecordStatus.Logged, Agreement);
        record = Ok(RecordDecisions.Sign(record, Longxian, new(2024, 4, 16), ByLongxian, Now));
        record = Ok(RecordDecisions.Sign(record, Tongshan, new(2024, 4, 16), ByTongshan, Now));
        Assert.Equal(RecordStatus.Confirmed, record.Status);

        var retitled = Ok(RecordDecisions.Correct(record, Correction(record, Province.Shaanxi, Agreement with { Title = "协议（修订）" }), Now));
        var rekinded = Ok(RecordDecisions.Correct(record, Correction(record, Province.Shaanxi, Agreement with { Kind = AgreementKind.CoConstruction }), Now));
        var redated = Ok(RecordDecisions.Correct(record, Correction(record, Province.Shaanxi, Agreement with { ValidUntil = new(2030, 12, 31) }), Now));

        Assert.Equal(2, retitled.Signatures.Count);
        Assert.Empty(rekinded.Signatures);
        Assert.Empty(redated.Signatures);
        Assert.Equal((RecordStatus.Logged, false), (rekinded.Status, rekinded.FullySigned));
        Assert.Contains(rekinded.History[^1].Changes, c => c.Field == "signatures" && c.To is null);
    }

    [Fact]
    public void Both_signatures_confirm_an_agreement()
    {
        var record = InStatus(RecordStatus.Logged, Agreement);
        var once = Ok(RecordDecisions.Sign(record, Longxian, new(2024, 4, 16), ByLongxian, Now));
        var twice = Ok(RecordDecisions.Sign(once, Tongshan, new(2024, 4, 18), ByTongshan, Now));

        Assert.Equal(RecordStatus.Logged, once.Status);
        Assert.Equal((RecordStatus.Confirmed, new DateOnly(2024, 4, 18)), (twice.Status, twice.SignedOn));
        Assert.Equal(RecordErrorKind.Conflict, RecordDecisions.Sign(twice, Tongshan, new(2024, 4, 18), ByTongshan, Now).Error?.Kind);
    }

    [Fact]
    public void A_merge_repeated_changes_nothing_and_a_record_merged_elsewhere_is_refused()
    {
        var record = InStatus(RecordStatus.Logged);
        var merged = Ok(RecordDecisions.SetMergedInto(record, "rec-0", ByLongxian, Now));

        Assert.Same(merged, RecordDecisions.SetMergedInto(merged, "rec-0", ByLongxian, Now).Record);
        Assert.Equal(RecordErrorKind.Conflict, RecordDecisions.SetMergedInto(merged, "rec-9", ByLongxian, Now).Error?.Kind);
        Assert.Null(Ok(RecordDecisions.SetMergedInto(merged, null, ByLongxian, Now)).MergedInto);
    }

    [Fact]
    public void A_record_takes_at_most_MaxHistory_changes()
    {
        var record = InStatus(RecordStatus.Logged);
        while (record.History.Count < RecordDecisions.MaxHistory)
        {
            record = Ok(RecordDecisions.AttachDocument(record with { Body = Agreement }, new DocumentInfo(new string('b', 64), 1, Now, Longxian), ByLongxian, Now));
        }

        Assert.Equal(RecordErrorKind.Conflict, RecordDecisions.Withdraw(record, Province.Shaanxi, "x", ByLongxian, Now).Error?.Kind);
    }

    [Fact]
    public void Only_the_logging_side_withdraws_and_the_administrator_counts_as_it()
    {
        var record = InStatus(RecordStatus.Logged);

        Assert.Equal(RecordErrorKind.Forbidden, RecordDecisions.Withdraw(record, Province.Jiangsu, "x", ByTongshan, Now).Error?.Kind);
        Assert.Equal(RecordStatus.Withdrawn, Ok(RecordDecisions.Withdraw(record, null, "x", new Actor("admin"), Now)).Status);
    }

    public static TheoryData<RecordStatus, string, string> Actions => new()
    {
        // status, the party asking, the actions it is offered (C confirm, D dispute, R correct, W withdraw)
        { RecordStatus.Logged, Longxian, "RW" },
        { RecordStatus.Logged, Tongshan, "CDR" },
        { RecordStatus.Confirmed, Longxian, "RW" },
        { RecordStatus.Confirmed, Tongshan, "DR" },
        { RecordStatus.Disputed, Longxian, "RW" },
        { RecordStatus.Disputed, Tongshan, "CR" },
        { RecordStatus.Withdrawn, Longxian, "" },
        { RecordStatus.Withdrawn, Tongshan, "" },
    };

    /// <summary>What a page offers is what the commands accept: every offered action succeeds, every other is refused.</summary>
    [Theory]
    [MemberData(nameof(Actions))]
    public void A_party_is_offered_exactly_the_commands_that_would_be_accepted(RecordStatus status, string orgId, string offered)
    {
        var record = InStatus(status);
        var party = Parties.Single(p => p.OrgId == orgId);
        var by = orgId == Longxian ? ByLongxian : ByTongshan;

        var actions = RecordDecisions.ActionsOf(record, party, Now);

        Assert.Equal(offered, $"{(actions.Confirm ? "C" : "")}{(actions.Dispute ? "D" : "")}{(actions.Correct ? "R" : "")}{(actions.Withdraw ? "W" : "")}");
        Assert.Equal(actions.Confirm, RecordDecisions.Confirm(record, orgId, by, Now).Error is null);
        Assert.Equal(actions.Dispute, RecordDecisions.Dispute(record, orgId, "人数不符", by, Now).Error is null);
        Assert.Equal(actions.Correct, RecordDecisions.Correct(record, Correction(record, party.Province), Now).Error is null);
        Assert.Equal(actions.Withdraw, RecordDecisions.Withdraw(record, party.Province, "重复登记", by, Now).Error is null);
        Assert.Equal(offered.Length > 0, actions.Any);
    }
}
