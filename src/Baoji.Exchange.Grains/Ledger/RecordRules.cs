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

    // 17 digits and a digit or X: the shape of a PRC resident identity number (GB 11643), anywhere in the text.
    [GeneratedRegex("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")]
    private static partial Regex ResidentIdPattern();

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

        switch (body)
        {
            case VisitBody v:
                Period(errors, v.StartDate, v.EndDate, "startDate", "endDate");
                Check(v.DelegationSize is >= 1 and <= MaxDelegationSize, "delegationSize", $"delegationSize must be between 1 and {MaxDelegationSize}.");
                Text(errors, v.Purpose, "purpose", 200, required: true);
                Check(v.FromOrgId != v.ToOrgId, "toOrgId", "A visit goes from one organisation to another.");
                break;
            case StaffExchangeBody s:
                Period(errors, s.StartDate, s.EndDate, "startDate", "endDate");
                if (ResidentIdPattern().IsMatch(s.PersonRef))
                {
                    errors.Add(("personRef", "personRef looks like a resident ID number (身份证号); use the home organisation's own staff reference instead."));
                }
                else
                {
                    Check(PersonRefPattern().IsMatch(s.PersonRef), "personRef", "personRef must be 1–40 letters, digits or dashes (the home organisation's reference).");
                }

                Text(errors, s.DisplayName, "displayName", 50, required: true);
                Text(errors, s.Subject, "subject", 50, required: false);
                Check(s.HomeOrgId != s.HostOrgId, "hostOrgId", "The host organisation differs from the home organisation.");
                break;
            case TrainingBody t:
                Period(errors, t.StartDate, t.EndDate, "startDate", "endDate");
                Check(t.Sessions is >= 1 and <= MaxSessions, "sessions", $"sessions must be between 1 and {MaxSessions}.");
                Check(t.Trainees is >= 1 and <= MaxTrainees, "trainees", $"trainees must be between 1 and {MaxTrainees}.");
                Check(t.Subjects.Count <= 20, "subjects", "At most 20 subjects.");
                Check(t.Subjects.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 30), "subjects", "Each subject is 1–30 characters.");
                Check(t.Subjects.Distinct().Count() == t.Subjects.Count, "subjects", "Subjects are listed once each.");
                Check(t.EquipmentValueYuan is >= 0 and <= MaxEquipmentValueYuan, "equipmentValueYuan", $"equipmentValueYuan must be between 0 and {MaxEquipmentValueYuan}.");
                Check(t.Kind != TrainingKind.Equipment || t.EquipmentValueYuan > 0, "equipmentValueYuan", "Equipment support states its value in yuan.");
                Check(t.Kind == TrainingKind.Equipment || t.EquipmentValueYuan == 0, "equipmentValueYuan", "Only equipment support has a value in yuan.");
                Check(t.Kind != TrainingKind.OnlineResearch || t.Mode == TrainingMode.Online, "mode", "Online joint teaching-research is online.");
                Check(t.ProviderOrgId != t.RecipientOrgId, "recipientOrgId", "Provider and recipient differ.");
                break;
            case AgreementBody a:
                Check(a.PartyIds.Count == 2 && a.PartyIds[0] != a.PartyIds[1], "partyIds", "An agreement has exactly two different parties.");
                Text(errors, a.Title, "title", 200, required: true);
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

    private static void Text(List<(string, string)> errors, string? text, string field, int maxLength, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add((field, $"{field} is required."));
        }
        else if (text is not null && text.Length > maxLength)
        {
            errors.Add((field, $"{field} is at most {maxLength} characters."));
        }
        else if (text is not null && ResidentIdPattern().IsMatch(text))
        {
            errors.Add((field, $"{field} must not contain a resident ID number (身份证号)."));
        }
    }
}
