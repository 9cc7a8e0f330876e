namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// The maintained figures, named without a perspective: a report from either city reads the same totals
/// (staff are kept by the city they come from, so "sent" and "received" are a choice of that city).
/// </summary>
public static class FigureNames
{
    /// <summary>The scope of the whole partnership; the other scopes are county ids.</summary>
    public const string AllScope = "all";

    public const string BureauVisits = "visits.bureau";
    public const string SchoolVisits = "visits.school";
    public const string StaffFromPrefix = "staff.from.";
    public const string Trainings = "trainings";
    public const string TrainingSessions = "training.sessions";
    public const string TrainingTrainees = "training.trainees";
    public const string EquipmentValueYuan = "training.equipmentValueYuan";
    public const string OnlineResearchSessions = "training.onlineResearchSessions";
    public const string SubjectPrefix = "training.subject.";
    public const string Unconfirmed = "unconfirmed";

    /// <summary>Counted records by the month they start in the year, for the year's chart (whole partnership only).</summary>
    public const string MonthPrefix = "month.";

    /// <summary>"month.visits.03": the visits, placements or trainings counted in the year that start in March.</summary>
    public static string Month(string kind, int month) => $"{MonthPrefix}{kind}.{month:00}";

    /// <summary>The kinds that <see cref="Month"/> is kept for.</summary>
    public const string VisitsKind = "visits";
    public const string StaffKind = "staff";
    public const string TrainingsKind = "trainings";

    public static string StaffFrom(string cityId) => StaffFromPrefix + cityId;

    /// <summary>Figures whose items are shared between records (a person), rather than the records themselves.</summary>
    public static bool IsShared(string figure) => figure.StartsWith(StaffFromPrefix, StringComparison.Ordinal);
}
