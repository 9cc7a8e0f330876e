using System.Globalization;
using System.Text;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Api.Localization;
using Baoji.Exchange.Server.Hosting;
using Baoji.Exchange.Server.Ledger;
using Microsoft.AspNetCore.Http;

namespace Baoji.Exchange.Server.Tests.Localization;

/// <summary>
/// Every message the rules and endpoints can produce has a code and a zh-CN text in <see cref="ProblemCatalog"/>:
/// found by reading every string literal that is a message in the files that write them, and by driving the rules.
/// </summary>
public sealed class ProblemCatalogTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>The files whose string literals are messages a client may read.</summary>
    private static readonly string[] MessageSources =
    [
        "src/Baoji.Exchange.Grains/Ledger/RecordRules.cs", "src/Baoji.Exchange.Grains/Ledger/RecordDecisions.cs",
        "src/Baoji.Exchange.Grains/Ledger/RecordGrain.cs", "src/Baoji.Exchange.Grains/Reconciliation",
        "src/Baoji.Exchange.Server/Ledger/RecordRequests.cs", "src/Baoji.Exchange.Server/Ledger/LedgerService.cs",
        "src/Baoji.Exchange.Server/Ledger/AgreementDocuments.cs", "src/Baoji.Exchange.Server/Reconciliation/ReconciliationService.cs",
        "src/Baoji.Exchange.Server/Api", "src/Baoji.Exchange.Server/Identity/BearerTokenHandler.cs", "src/Baoji.Exchange.Server/Imports",
        "src/Baoji.Exchange.Server/Identity/TokenService.cs", "src/Baoji.Exchange.Server/Accounts/AccountService.cs",
        "src/Baoji.Exchange.Grains/Identity/AccountRules.cs",
    ];

    public static TheoryData<string> SourceMessages()
    {
        var root = Path.GetDirectoryName(RepositoryPaths.Find("src"))!;
        var data = new TheoryData<string>();
        foreach (var source in MessageSources)
        {
            var path = Path.Combine(root, source);
            var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.cs", SearchOption.TopDirectoryOnly) : [path];
            foreach (var file in files.Where(f => !f.EndsWith("ApiJson.cs", StringComparison.Ordinal)))
            {
                foreach (var message in File.ReadLines(file).Where(IsCode).SelectMany(Literals).Where(IsMessage).Distinct())
                {
                    data.Add($"{Path.GetFileName(file)}: {message}");
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceMessages))]
    public void Every_message_a_source_writes_has_an_entry(string sourceAndMessage)
    {
        var message = sourceAndMessage[(sourceAndMessage.IndexOf(": ", StringComparison.Ordinal) + 2)..];

        Assert.True(ProblemCatalog.Knows(message) || ProblemCatalog.Title(message, Chinese) != message, $"No catalog entry for \"{message}\"");
    }

    [Fact]
    public void Every_message_the_record_rules_give_bad_bodies_has_an_entry_and_chinese_text()
    {
        var day = new DateOnly(2024, 4, 9);
        RecordBody[] bad =
        [
            new VisitBody("610327", "610327", VisitLevel.Bureau, day, day.AddDays(-1), 0, ""),
            new VisitBody("610327", "320312", VisitLevel.Bureau, new DateOnly(1999, 1, 1), new DateOnly(2101, 1, 1), 501, "a\u0001b"),
            new VisitBody("610327", "320312", VisitLevel.Bureau, day, day, 5, "x\u202Ey"),
            new VisitBody("610327", "320312", VisitLevel.Bureau, day, day, 5, "身份证 610327199001011234"),
            new VisitBody("610327", "320312", VisitLevel.Bureau, day, day, 5, new string('长', 201)),
            new VisitBody("610327", "320312", VisitLevel.Bureau, day, day, 5, "broken \uD800 pair"),
            new StaffExchangeBody("610327199001011234", "", StaffRole.Teacher, "a", "a", day, day, "x\ny"),
            new StaffExchangeBody("bad ref!", "张老师", StaffRole.Teacher, "a", "b", day, day, null),
            new TrainingBody("a", "a", TrainingKind.Equipment, ["", "", .. Enumerable.Range(0, 20).Select(i => $"s{i}")], TrainingMode.Onsite, day, day, 0, 0, 0),
            new TrainingBody("a", "b", TrainingKind.OnlineResearch, ["a\tb"], TrainingMode.Onsite, day, day, 1001, 100_001, 5),
            new AgreementBody(AgreementKind.Cooperation, ["a", "a"], "", day, day.AddDays(-1)),
        ];

        var messages = bad.SelectMany(RecordRules.Validate).ToList();
        var errors = new FieldErrors();
        foreach (var request in new IRecordRequest[]
        {
            new VisitRequest(null, null, "x", null, null, null, null, null),
            new StaffExchangeRequest(null, null, null, null, null, null, null, null, null),
            new TrainingRequest(null, null, null, null, null, null, null, null, null, null, null),
            new AgreementRequest(null, null, null, null, null, null),
        })
        {
            request.ToBody(errors);
        }

        messages.AddRange(errors.ToDictionary().SelectMany(e => e.Value.Select(m => (e.Key, m))));

        Assert.True(messages.Count > 40, $"only {messages.Count} messages driven");
        Assert.All(messages, m =>
        {
            var text = ProblemCatalog.Translate(m.Item1, m.Item2, Chinese);
            Assert.True(text.Code != ProblemCatalog.UnknownCode, $"No catalog entry for \"{m.Item2}\"");
            Assert.True(text.Text.Any(c => c >= '\u4E00' && c <= '\u9FFF'), $"\"{text.Text}\" is not Chinese");
        });
    }

    [Fact]
    public void Templates_render_fields_and_values_by_their_chinese_names()
    {
        Assert.Equal(new ProblemText("field.date-order", "结束日期不能早于开始日期。"),
            ProblemCatalog.Translate("endDate", "endDate must not be before startDate.", Chinese));
        Assert.Equal(new ProblemText("field.enum", "身份须为以下之一：教师、干部。"),
            ProblemCatalog.Translate("role", "role must be one of: teacher, cadre.", Chinese));
        Assert.Equal(new ProblemText("field.enum", "role must be one of: teacher, cadre."),
            ProblemCatalog.Translate("role", "role must be one of: teacher, cadre.", CultureInfo.InvariantCulture));
        Assert.Equal(ProblemCatalog.UnknownCode, ProblemCatalog.Translate("x", "Something nobody wrote.", Chinese).Code);
    }

    [Fact]
    public void The_codes_are_dotted_lower_case_and_each_names_one_meaning()
    {
        Assert.All(ProblemCatalog.All, e => Assert.Matches("^[a-z]+(\\.[a-z-]+)+$", e.Code));
        // A code may stand for a few wordings of one meaning; never one wording under two codes.
        Assert.Equal(ProblemCatalog.All.Count(), ProblemCatalog.All.Select(e => e.English).Distinct().Count());
    }

    [Theory]
    [InlineData("zh-CN", true)]
    [InlineData("zh", true)]
    [InlineData("zh-Hans-CN,zh;q=0.9,en;q=0.8", true)]
    [InlineData("en;q=0.9, zh-CN;q=0.8", false)]
    [InlineData("en-US;q=0.5, zh-CN;q=0.9", true)]
    [InlineData("zh-CN;q=0, en", false)]
    [InlineData("", false)]
    [InlineData("en", false)]
    public void Accept_language_picks_chinese_by_quality(string header, bool chinese)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.AcceptLanguage = header;

        Assert.Equal(chinese, ProblemCatalog.IsChinese(ProblemLanguage.Of(http.Request)));
    }

    private static bool IsCode(string line)
    {
        var trimmed = line.TrimStart();
        return !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith('[')
            && !line.Contains("WithDescription", StringComparison.Ordinal) && !line.Contains("WithSummary", StringComparison.Ordinal)
            && !System.Text.RegularExpressions.Regex.IsMatch(line, @"\.Log[A-Z]|Message = ");
    }

    private static bool IsMessage(string literal) =>
        literal.Length > 12 && literal.Contains(' ', StringComparison.Ordinal) && !literal.StartsWith(' ') && literal.EndsWith('.');

    /// <summary>The string literals of a line; the holes of an interpolated string read as "X".</summary>
    private static IEnumerable<string> Literals(string line)
    {
        var found = new List<string>();
        for (var i = 0; i < line.Length; i++)
        {
            var interpolated = line[i] == '$' && i + 1 < line.Length && line[i + 1] == '"';
            if (!interpolated && line[i] != '"')
            {
                continue;
            }

            if (line[i] == '"' && i > 0 && line[i - 1] == '\'')
            {
                continue;
            }

            i += interpolated ? 2 : 1;
            var text = new StringBuilder();
            var depth = 0;
            for (; i < line.Length; i++)
            {
                var c = line[i];
                if (depth > 0)
                {
                    if (c == '{')
                    {
                        depth++;
                    }
                    else if (c == '}')
                    {
                        depth--;
                    }
                    else if (c == '"')
                    {
                        // A string inside a hole: skip it.
                        for (i++; i < line.Length && line[i] != '"'; i++)
                        {
                            if (line[i] == '\\')
                            {
                                i++;
                            }
                        }
                    }

                    continue;
                }

                if (c == '\\' && i + 1 < line.Length)
                {
                    text.Append(line[++i] switch { 'n' => '\n', 't' => '\t', var e => e });
                }
                else if (interpolated && c == '{' && i + 1 < line.Length && line[i + 1] == '{')
                {
                    text.Append('{');
                    i++;
                }
                else if (interpolated && c == '{')
                {
                    depth = 1;
                    text.Append('X');
                }
                else if (c == '"')
                {
                    break;
                }
                else
                {
                    text.Append(c);
                }
            }

            found.Add(text.ToString());
        }

        return found;
    }
}
