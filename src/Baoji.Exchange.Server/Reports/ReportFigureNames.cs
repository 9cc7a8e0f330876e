namespace Baoji.Exchange.Server.Reports;

/// <summary>The figure names a drill-down accepts: the report's field names.</summary>
public static class ReportFigureNames
{
    public const string BureauVisits = "bureauVisits";
    public const string SchoolVisits = "schoolVisits";
    public const string StaffTotal = "staffExchanged.total";
    public const string StaffSent = "staffExchanged.sent";
    public const string StaffReceived = "staffExchanged.received";
    public const string CountyPairs = "countyPairsWithCooperationAgreement";
    public const string NewPairedSchools = "newPairedSchools";
    public const string CoConstructionSchools = "schoolsWithCoConstructionAgreement";
    public const string TrainingRecords = "training.records";
    public const string TrainingSessions = "training.sessions";
    public const string TrainingTrainees = "training.trainees";
    public const string EquipmentValueYuan = "training.equipmentValueYuan";
    public const string OnlineResearchSessions = "training.onlineResearchSessions";
    public const string SubjectPrefix = "training.bySubject.";
    public const string Unconfirmed = "unconfirmedRecords";

    /// <summary>Figures that count items: their drill-down lists exactly as many items as the figure says.</summary>
    public static readonly IReadOnlyList<string> Counted =
        [BureauVisits, SchoolVisits, StaffTotal, StaffSent, StaffReceived, CountyPairs, NewPairedSchools, CoConstructionSchools, TrainingRecords, Unconfirmed];

    private static readonly HashSet<string> Fixed = new(
        [.. Counted, TrainingSessions, TrainingTrainees, EquipmentValueYuan, OnlineResearchSessions], StringComparer.Ordinal);

    /// <summary>A name a report can have, decided without reading anything (which subjects a year has is the figures' to say).</summary>
    public static bool IsWellFormed(string? figure) =>
        figure is not null
        && (Fixed.Contains(figure)
            || (figure.StartsWith(SubjectPrefix, StringComparison.Ordinal) && figure.Length > SubjectPrefix.Length && figure.Length <= SubjectPrefix.Length + 100));

    /// <summary>Figures whose items are people (home organisation | person reference).</summary>
    public static bool CountsPeople(string figure) => figure is StaffTotal or StaffSent or StaffReceived;
}
