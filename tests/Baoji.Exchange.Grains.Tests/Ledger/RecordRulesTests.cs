using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;

namespace Baoji.Exchange.Grains.Tests.Ledger;

/// <summary>The field rules of each record kind, without a server: which field each broken rule names.</summary>
public sealed class RecordRulesTests
{
    private static readonly DateOnly Start = new(2024, 4, 9);

    private static VisitBody Visit() => new("610327", "320312", VisitLevel.Bureau, Start, Start.AddDays(2), 5, "商定年度对口帮扶工作计划");

    private static StaffExchangeBody Staff() =>
        new("T-1042", "张老师", StaffRole.Teacher, "sx-610327-longxian-vec", "js-320312-tongshan-svs", new(2024, 9, 1), new(2025, 1, 15), "机械加工");

    private static TrainingBody Training() =>
        new("js-320312-tongshan-svs", "sx-610327-longxian-vec", TrainingKind.TeacherTraining, ["机械加工", "电子技术"], TrainingMode.Onsite,
            new(2024, 5, 20), new(2024, 5, 24), 5, 30, 0m);

    private static AgreementBody Agreement() => new(AgreementKind.Cooperation, ["610327", "320312"], "陇县—铜山区教育对口协作协议", new(2024, 4, 16), new(2025, 12, 31));

    private static IEnumerable<string> Fields(RecordBody body) => RecordRules.Validate(body).Select(e => e.Field);

    [Fact]
    public void Valid_bodies_of_every_kind_break_no_rule()
    {
        Assert.Empty(RecordRules.Validate(Visit()));
        Assert.Empty(RecordRules.Validate(Staff()));
        Assert.Empty(RecordRules.Validate(Training()));
        Assert.Empty(RecordRules.Validate(Agreement()));
        Assert.Empty(RecordRules.Validate(Agreement() with { ValidUntil = null }));
        Assert.Empty(RecordRules.Validate(Staff() with { Subject = null }));
        Assert.Empty(RecordRules.Validate(Training() with { Kind = TrainingKind.Equipment, EquipmentValueYuan = 360_000m }));
        Assert.Empty(RecordRules.Validate(Training() with { Kind = TrainingKind.OnlineResearch, Mode = TrainingMode.Online, Subjects = [] }));
    }

    [Fact]
    public void Every_message_names_a_field_and_explains()
    {
        var errors = RecordRules.Validate(Visit() with { EndDate = Start.AddDays(-1), DelegationSize = 0, Purpose = "" });

        Assert.Equal(["endDate", "delegationSize", "purpose"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void An_end_on_the_start_day_is_fine_and_before_it_is_not()
    {
        Assert.Empty(RecordRules.Validate(Visit() with { EndDate = Start }));
        Assert.Equal(["endDate"], Fields(Visit() with { EndDate = Start.AddDays(-1) }));
        Assert.Equal(["endDate"], Fields(Staff() with { EndDate = new(2024, 8, 31) }));
        Assert.Equal(["endDate"], Fields(Training() with { EndDate = new(2024, 5, 19) }));
        Assert.Equal(["validUntil"], Fields(Agreement() with { ValidUntil = new(2024, 4, 15) }));
    }

    [Theory]
    [InlineData(1999, 12, 31, "startDate")]
    [InlineData(2101, 1, 1, "endDate")]
    public void Dates_lie_between_2000_and_2100(int year, int month, int day, string field)
    {
        var date = new DateOnly(year, month, day);
        var body = field == "startDate" ? Visit() with { StartDate = date } : Visit() with { EndDate = date };

        Assert.Contains(field, Fields(body));
        Assert.Equal(["validFrom"], Fields(Agreement() with { ValidFrom = new(1999, 1, 1), ValidUntil = null }));
        Assert.Contains("validUntil", Fields(Agreement() with { ValidUntil = new(2101, 1, 1) }));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(RecordRules.MaxDelegationSize, true)]
    [InlineData(RecordRules.MaxDelegationSize + 1, false)]
    [InlineData(-5, false)]
    public void Delegation_size_is_positive_and_bounded(int size, bool valid) =>
        Assert.Equal(valid ? [] : ["delegationSize"], Fields(Visit() with { DelegationSize = size }));

    [Theory]
    [InlineData(0, 30, "sessions")]
    [InlineData(RecordRules.MaxSessions + 1, 30, "sessions")]
    [InlineData(5, 0, "trainees")]
    [InlineData(5, RecordRules.MaxTrainees + 1, "trainees")]
    public void Sessions_and_trainees_are_positive_and_bounded(int sessions, int trainees, string field) =>
        Assert.Equal([field], Fields(Training() with { Sessions = sessions, Trainees = trainees }));

    [Fact]
    public void Only_equipment_support_has_a_value_and_within_bounds()
    {
        Assert.Equal(["equipmentValueYuan"], Fields(Training() with { Kind = TrainingKind.Equipment }));
        Assert.Equal(["equipmentValueYuan"], Fields(Training() with { EquipmentValueYuan = 1000m }));
        Assert.Contains("equipmentValueYuan", Fields(Training() with { Kind = TrainingKind.Equipment, EquipmentValueYuan = -1m }));
        Assert.Equal(["equipmentValueYuan"], Fields(Training() with { Kind = TrainingKind.Equipment, EquipmentValueYuan = RecordRules.MaxEquipmentValueYuan + 1 }));
        Assert.Empty(Fields(Training() with { Kind = TrainingKind.Equipment, EquipmentValueYuan = RecordRules.MaxEquipmentValueYuan }));
    }

    [Fact]
    public void Online_joint_research_is_online() =>
        Assert.Equal(["mode"], Fields(Training() with { Kind = TrainingKind.OnlineResearch, Mode = TrainingMode.Onsite }));

    [Fact]
    public void Training_subjects_are_short_distinct_and_few()
    {
        Assert.Equal(["subjects"], Fields(Training() with { Subjects = [new string('课', 31)] }));
        Assert.Equal(["subjects"], Fields(Training() with { Subjects = [" "] }));
        Assert.Equal(["subjects"], Fields(Training() with { Subjects = ["烹饪", "烹饪"] }));
        Assert.Equal(["subjects"], Fields(Training() with { Subjects = [.. Enumerable.Range(1, 21).Select(i => $"科目{i}")] }));
        Assert.Empty(Fields(Training() with { Subjects = [new string('课', 30)] }));
    }

    [Theory]
    [InlineData("purpose", 200)]
    [InlineData("displayName", 50)]
    [InlineData("subject", 50)]
    [InlineData("title", 200)]
    public void Strings_have_length_limits(string field, int max)
    {
        RecordBody Body(string text) => field switch
        {
            "purpose" => Visit() with { Purpose = text },
            "displayName" => Staff() with { DisplayName = text },
            "subject" => Staff() with { Subject = text },
            _ => Agreement() with { Title = text },
        };

        Assert.Empty(Fields(Body(new string('字', max))));
        Assert.Equal([field], Fields(Body(new string('字', max + 1))));
    }

    [Fact]
    public void Required_strings_are_not_blank()
    {
        Assert.Equal(["purpose"], Fields(Visit() with { Purpose = "   " }));
        Assert.Equal(["displayName"], Fields(Staff() with { DisplayName = "" }));
        Assert.Equal(["title"], Fields(Agreement() with { Title = "" }));
    }

    [Theory]
    [InlineData("11010119900307123X")]
    [InlineData("11010119900307123x")]
    [InlineData("610327198805124417")]
    [InlineData("T-11010119900307123X")]
    [InlineData("11010119900307123X-01")]
    public void A_resident_ID_in_personRef_is_refused(string personRef)
    {
        var errors = RecordRules.Validate(Staff() with { PersonRef = personRef });

        var error = Assert.Single(errors);
        Assert.Equal("personRef", error.Field);
        Assert.Contains("身份证", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("T-1042", true)]
    [InlineData("2019-0031", true)]
    [InlineData("12345678901234567", true)]      // 17 digits: not the shape of a resident ID
    [InlineData("1234567890123456789", true)]    // 19 digits: not one either
    [InlineData("", false)]
    [InlineData("张老师", false)]
    [InlineData("T 1042", false)]
    public void PersonRef_is_the_home_organisation_s_short_reference(string personRef, bool valid) =>
        Assert.Equal(valid ? [] : ["personRef"], Fields(Staff() with { PersonRef = personRef }));

    [Fact]
    public void A_resident_ID_is_refused_in_free_text_too()
    {
        Assert.Equal(["displayName"], Fields(Staff() with { DisplayName = "张老师 11010119900307123X" }));
        Assert.Equal(["subject"], Fields(Staff() with { Subject = "身份证 610327198805124417" }));
        Assert.Equal(["purpose"], Fields(Visit() with { Purpose = "带队：11010119900307123X" }));
        Assert.Equal(["title"], Fields(Agreement() with { Title = "协议 11010119900307123X" }));
    }

    [Theory]
    [InlineData("610327-19900101-123X")]        // dashes among the digits
    [InlineData("610327 1990 0101 123X")]       // spaces
    [InlineData("610327－19900101－123Ｘ")]       // full-width dashes and X
    [InlineData("６１０３２７１９９００１０１１２３Ｘ")] // full-width digits
    [InlineData("610327900101123")]             // 15 digits (first-generation card)
    [InlineData("610327-900101-123")]
    [InlineData("P610327199001011234")]         // 18 digits after a letter
    [InlineData("610327199001011235")]          // a wrong check digit still identifies the person
    public void Every_way_of_writing_a_resident_ID_in_personRef_is_refused(string personRef)
    {
        var error = Assert.Single(RecordRules.Validate(Staff() with { PersonRef = personRef }));
        Assert.Equal("personRef", error.Field);
        Assert.Contains("身份证", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("张老师（身份证 610327-19900101-123X）")]
    [InlineData("证件号６１０３２７１９９００１０１１２３Ｘ")]
    [InlineData("旧证 610327900101123 已换")]
    [InlineData("ID: 610327 1990 0101 123x.")]
    [InlineData("第26组 6103 2719 9001 0112 3X")]        // a number before it: joined, it would be 20 digits (found by the fuzz)
    [InlineData("\\u5E08 ６１０３２７１９９００１０１１２３Ｘ")] // the same after a Unicode escape's hex digits
    public void A_resident_ID_inside_free_text_is_found_however_it_is_written(string text) =>
        Assert.True(RecordRules.ContainsResidentId(text));

    [Theory]
    [InlineData("2024-05-20 至 2024-05-24")]
    [InlineData("2024-04-09 - 2024-04-11")]
    [InlineData("电话 0917-3212345")]
    [InlineData("12345678901234567")]     // 17 digits
    [InlineData("1234567890123456789")]   // 19 digits
    [InlineData("第 3 期，共 30 人")]
    public void Dates_phone_numbers_and_other_numbers_are_not_resident_IDs(string text) =>
        Assert.False(RecordRules.ContainsResidentId(text));

    [Theory]
    [InlineData("\u0001")]
    [InlineData("机械\n加工")]
    [InlineData("机械\t加工")]
    [InlineData("机械\u0000")]
    [InlineData("机械\u007F")]
    [InlineData("\u202E工加械机")]
    [InlineData("机械\u2066加工\u2069")]
    [InlineData("机械\u200F")]
    public void Single_line_fields_refuse_line_breaks_control_and_bidi_characters(string text)
    {
        Assert.Equal(["subject"], Fields(Staff() with { Subject = text }));
        Assert.Equal(["displayName"], Fields(Staff() with { DisplayName = "张" + text }));
        Assert.Equal(["title"], Fields(Agreement() with { Title = "协议" + text }));
        Assert.Equal(["subjects"], Fields(Training() with { Subjects = ["电子技术", text] }));
    }

    [Fact]
    public void Multi_line_fields_take_line_breaks_and_tabs_but_no_other_control_or_bidi_character()
    {
        Assert.Empty(RecordRules.Validate(Visit() with { Purpose = "商定计划：\r\n1. 互访\n\t2. 培训" }));
        Assert.Equal(["purpose"], Fields(Visit() with { Purpose = "商定\u0001计划" }));
        Assert.Equal(["purpose"], Fields(Visit() with { Purpose = "商定\u202E计划" }));
        Assert.Null(RecordRules.TextProblem("reason", "人数有误：\n应为 6 人", 500, required: true, multiLine: true));
        Assert.Contains("reason", RecordRules.TextProblem("reason", "人数\u0007有误", 500, required: true, multiLine: true), StringComparison.Ordinal);
        Assert.Contains("name", RecordRules.TextProblem("name", "陇县\n教育局", 100, required: true, multiLine: false), StringComparison.Ordinal);
        // A lone surrogate (JSON can carry "\ud800") is no text any writer can encode. Built here: an attribute cannot hold it.
        Assert.Equal(["subject"], Fields(Staff() with { Subject = "机械" + (char)0xD800 }));
    }

    [Fact]
    public void Ordinary_Chinese_text_with_emoji_and_punctuation_keeps_the_rule() =>
        Assert.Null(RecordRules.TextProblem("purpose", "陇县—铜山区「教育对口协作」👍（2024 年）", 200, required: true, multiLine: false));

    [Fact]
    public void A_record_has_two_different_parties()
    {
        Assert.Equal(["toOrgId"], Fields(Visit() with { ToOrgId = "610327" }));
        Assert.Equal(["hostOrgId"], Fields(Staff() with { HostOrgId = "sx-610327-longxian-vec" }));
        Assert.Equal(["recipientOrgId"], Fields(Training() with { RecipientOrgId = "js-320312-tongshan-svs" }));
        Assert.Equal(["partyIds"], Fields(Agreement() with { PartyIds = ["610327", "610327"] }));
        Assert.Equal(["partyIds"], Fields(Agreement() with { PartyIds = ["610327"] }));
        Assert.Equal(["partyIds"], Fields(Agreement() with { PartyIds = ["610327", "320312", "320381"] }));
    }
}
