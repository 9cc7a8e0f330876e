using System.Text;
using System.Text.RegularExpressions;
using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>The rules a record's own fields must keep, whoever logs it. Registry rules (parties exist, one per side) come on top.</summary>
public static partial class RecordRules
{
    public const int MaxDelegationSize = 500;
    public const int MaxSessions = 1000;
    public const int MaxTrainees = 100_000;
    public const decimal MaxEquipmentValueYuan = 1_000_000_000m;
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial Regex PersonRefPattern();

    // The two shapes of a PRC resident identity number anywhere in the text: 17 digits and a digit or X (GB 11643,
    // 1999 on; any such shape, not only those with a valid check digit, since a typo in the check digit still
    // identifies the person) and the 15 digits of the first-generation card. Seen after ResidentIdText.
    [GeneratedRegex("(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")]
    private static partial Regex ResidentIdPattern();

    // Spaces and dashes between digits ("610327-19900101-123X", "610327 1990 0101 123X") are how people write IDs
    // to read them: removed before the shapes are looked for.
    [GeneratedRegex(@"(?<=[0-9])[\s\-_\u2010-\u2015\u2212]+(?=[0-9Xx])")]
    private static partial Regex DigitSeparators();

    public static IReadOnlyList<(string Field, string Message)> Validate(RecordBody body)
    {
        var errors = new List<(string, string)>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add((field, message));
            }
        }

        void Line(string? text, string field, int maxLength, bool required) => Text(errors, text, field, maxLength, required, multiLine: false);

        switch (body)
        {
            case VisitBody v:
                Period(errors, v.StartDate, v.EndDate, "startDate", "endDate");
                Check(v.DelegationSize is >= 1 and <= MaxDelegationSize, "delegationSize", $"delegationSize must be between 1 and {MaxDelegationSize}.");
                Text(errors, v.Purpose, "purpose", 200, required: true, multiLine: true);
                Check(v.FromOrgId != v.ToOrgId, "toOrgId", "A visit goes from one organisation to another.");
                break;
            case StaffExchangeBody s:
                Period(errors, s.StartDate, s.EndDate, "startDate", "endDate");
                if (ContainsResidentId(s.PersonRef))
                {
                    errors.Add(("personRef", "personRef looks like a resident ID number (身份证号); use the home organisation's own staff reference instead."));
                }
                else
                {
                    Check(PersonRefPattern().IsMatch(s.PersonRef), "personRef", "personRef must be 1–40 letters, digits or dashes (the home organisation's reference).");
                }

                Line(s.DisplayName, "displayName", 50, required: true);
                Line(s.Subject, "subject", 50, required: false);
                Check(s.HomeOrgId != s.HostOrgId, "hostOrgId", "The host organisation differs from the home organisation.");
                break;
            case TrainingBody t:
                Period(errors, t.StartDate, t.EndDate, "startDate", "endDate");
                Check(t.Sessions is >= 1 and <= MaxSessions, "sessions", $"sessions must be between 1 and {MaxSessions}.");
                Check(t.Trainees is >= 1 and <= MaxTrainees, "trainees", $"trainees must be between 1 and {MaxTrainees}.");
                Check(t.Subjects.Count <= 20, "subjects", "At most 20 subjects.");
                Check(t.Subjects.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 30), "subjects", "Each subject is 1–30 characters.");
                Check(t.Subjects.Distinct().Count() == t.Subjects.Count, "subjects", "Subjects are listed once each.");
                // The first subject whose text breaks the rule names the field (blank or long ones are named above).
                foreach (var problem in t.Subjects.Where(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 30)
                    .Select(x => TextProblem("subjects", x, 30, required: false, multiLine: false)).OfType<string>().Take(1))
                {
                    errors.Add(("subjects", problem));
                }

                Check(t.EquipmentValueYuan is >= 0 and <= MaxEquipmentValueYuan, "equipmentValueYuan", $"equipmentValueYuan must be between 0 and {MaxEquipmentValueYuan}.");
                Check(t.Kind != TrainingKind.Equipment || t.EquipmentValueYuan > 0, "equipmentValueYuan", "Equipment support states its value in yuan.");
                Check(t.Kind == TrainingKind.Equipment || t.EquipmentValueYuan == 0, "equipmentValueYuan", "Only equipment support has a value in yuan.");
                Check(t.Kind != TrainingKind.OnlineResearch || t.Mode == TrainingMode.Online, "mode", "Online joint teaching-research is online.");
                Check(t.ProviderOrgId != t.RecipientOrgId, "recipientOrgId", "Provider and recipient differ.");
                break;
            case AgreementBody a:
                Check(a.PartyIds.Count == 2 && a.PartyIds[0] != a.PartyIds[1], "partyIds", "An agreement has exactly two different parties.");
                Line(a.Title, "title", 200, required: true);
                InRange(errors, a.ValidFrom, "validFrom");
                if (a.ValidUntil is { } until)
                {
                    InRange(errors, until, "validUntil");
                    Check(until >= a.ValidFrom, "validUntil", "validUntil must not be before validFrom.");
                }

                break;
        }

        return errors;
    }

    private static void Period(List<(string, string)> errors, DateOnly start, DateOnly end, string startField, string endField)
    {
        InRange(errors, start, startField);
        InRange(errors, end, endField);
        if (end < start)
        {
            errors.Add((endField, $"{endField} must not be before {startField}."));
        }
    }

    private static void InRange(List<(string, string)> errors, DateOnly date, string field)
    {
        if (date < EarliestDate || date > LatestDate)
        {
            errors.Add((field, $"{field} must lie between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}."));
        }
    }

    private static void Text(List<(string, string)> errors, string? text, string field, int maxLength, bool required, bool multiLine)
    {
        if (TextProblem(field, text, maxLength, required, multiLine) is { } problem)
        {
            errors.Add((field, problem));
        }
    }

    /// <summary>
    /// The rule for every free text a client stores (record fields, reasons, organisation names): within its length,
    /// no control character (a multi-line field may hold line breaks and tabs), no bidirectional formatting
    /// character (which reorders what a reader sees, e.g. hides a figure or a name), no broken UTF-16, and no
    /// resident ID number. Null when the text keeps the rule, else the message for <paramref name="field"/>.
    /// </summary>
    public static string? TextProblem(string field, string? text, int maxLength, bool required, bool multiLine)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return required ? $"{field} is required." : null;
        }

        if (text.Length > maxLength)
        {
            return $"{field} is at most {maxLength} characters.";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(multiLine && c is '\n' or '\r' or '\t'))
            {
                return multiLine
                    ? $"{field} must not contain control characters other than line breaks and tabs (U+{(int)c:X4} at position {i + 1})."
                    : $"{field} is one line: no line breaks, tabs or other control characters (U+{(int)c:X4} at position {i + 1}).";
            }

            if (IsBidiControl(c))
            {
                return $"{field} must not contain bidirectional formatting characters (U+{(int)c:X4} at position {i + 1}), which change the order a reader sees.";
            }

            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[++i])))
            {
                return $"{field} is not valid Unicode text (a broken surrogate pair at position {i + 1}).";
            }
        }

        return ContainsResidentId(text) ? $"{field} must not contain a resident ID number (身份证号)." : null;
    }

    /// <summary>
    /// Whether the text holds a resident ID number in any way people write one: 18 characters (17 digits and a
    /// digit or X) or 15 digits, with spaces or dashes among the digits, in full-width digits, inside other text.
    /// </summary>
    public static bool ContainsResidentId(string text)
    {
        // NFKC turns full-width digits, X and dashes ("６１０３２７－…") and the ideographic space into ASCII.
        var normalized = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        return ResidentIdPattern().IsMatch(DigitSeparators().Replace(normalized, "")) || SeparatedResidentId(normalized);
    }

    // Removing every separator also joins an ID to a number written before it ("第26组 6103 2719 9001 0112 3X" gives
    // 20 digits, no ID). So each chain of digit groups is also tried group by group: an ID is a run of whole groups.
    private static bool SeparatedResidentId(string text)
    {
        foreach (Match chain in DigitGroupChain().Matches(text))
        {
            var groups = DigitSeparatorRun().Split(chain.Value);
            for (var first = 0; first < groups.Length; first++)
            {
                var joined = new StringBuilder();
                for (var last = first; last < groups.Length && joined.Length < 18; last++)
                {
                    joined.Append(groups[last]);
                    if (WholeResidentId().IsMatch(joined.ToString()))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    [GeneratedRegex(@"[0-9]+[Xx]?(?:[\s\-_\u2010-\u2015\u2212]+[0-9]+[Xx]?)+")]
    private static partial Regex DigitGroupChain();

    [GeneratedRegex(@"[\s\-_\u2010-\u2015\u2212]+")]
    private static partial Regex DigitSeparatorRun();

    [GeneratedRegex("^(?:[0-9]{17}[0-9Xx]|[0-9]{15})$")]
    private static partial Regex WholeResidentId();

    /// <summary>U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+200E/U+200F and U+061C (marks).</summary>
    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
